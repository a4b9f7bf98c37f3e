using Hades.Core.Runs;
using Hades.Host.Dashboard;

namespace Hades.Tests.Host.Dashboard;

public sealed class SeedBandsTests
{
    static GenerationRecord Eval(int generation, double value) => new(generation, 0, 0, value, 0.1);

    [Fact]
    public void Mean_and_standard_error_per_generation_over_the_seeds_that_reached_it()
    {
        IReadOnlyList<GenerationRecord>[] seeds =
        [
            [Eval(0, 1), Eval(1, 4), Eval(2, 10)],
            [Eval(0, 3), Eval(1, 4)],
            [Eval(0, 5)],
        ];
        var band = SeedBands.Compute(seeds, r => r.EvalReturn);
        Assert.Equal([0, 1, 2], band.Select(p => p.Generation));
        Assert.Equal([3, 2, 1], band.Select(p => p.N));
        Assert.Equal([3.0, 4.0, 10.0], band.Select(p => p.Mean));
        // generation 0: values 1, 3, 5: sample sd 2, standard error 2 / √3; generation 1: equal values, 0; one seed: none
        Assert.Equal(2 / Math.Sqrt(3), band[0].StandardError!.Value, 12);
        Assert.Equal(0.0, band[1].StandardError);
        Assert.Null(band[2].StandardError);
    }

    [Fact]
    public void Values_that_are_not_finite_are_left_out()
    {
        var band = SeedBands.Compute([[Eval(0, double.NaN), Eval(1, 2)], [Eval(0, 4), Eval(1, 6)]], r => r.EvalReturn);
        Assert.Equal([(0, 1, 4.0), (1, 2, 4.0)], band.Select(p => (p.Generation, p.N, p.Mean)));
    }

    [Fact]
    public void Results_csv_fields_may_be_quoted()
    {
        Assert.Equal(["mean", "", "HaDES-R, fixed", "say \"hi\"", ""], ResultsTable.Split("mean,,\"HaDES-R, fixed\",\"say \"\"hi\"\"\","));
    }
}
