using Hades.Core;
using Hades.Core.Storage;

namespace Hades.Tests.Core.Storage;

public sealed class ConfigHashTests
{
    const string Config = """{ "task": "cartpole", "seed": 4, "generations": 3, "hidden": [8, 8] }""";

    [Fact]
    public void Formatting_and_key_order_do_not_change_the_hash()
    {
        string reordered = "{\n  \"hidden\": [ 8,8 ],\n  \"generations\": 3,\n  \"seed\": 4,\n  \"task\": \"cartpole\"\n}\n";
        Assert.Equal(ConfigHash.Of(Config, "a"), ConfigHash.Of(reordered, "b"));
        Assert.Matches("^[0-9a-f]{64}$", ConfigHash.Of(Config, "a"));
    }

    [Theory]
    [InlineData("\"seed\": 4", "\"seed\": 5")]
    [InlineData("[8, 8]", "[8, 9]")]
    [InlineData("\"cartpole\"", "\"acrobot\"")]
    public void Any_edited_value_changes_the_hash(string from, string to)
    {
        Assert.NotEqual(ConfigHash.Of(Config, "a"), ConfigHash.Of(Config.Replace(from, to), "b"));
    }

    [Fact]
    public void Ignored_keys_leave_the_hash_alone_and_others_do_not()
    {
        string raised = Config.Replace("\"generations\": 3", "\"generations\": 30");
        Assert.Equal(ConfigHash.Of(Config, "a", "generations"), ConfigHash.Of(raised, "b", "generations"));
        Assert.NotEqual(ConfigHash.Of(Config, "a"), ConfigHash.Of(raised, "b"));
    }

    [Fact]
    public void A_repeated_key_is_refused()
    {
        var e = Assert.Throws<HadesUserException>(() => ConfigHash.Of("""{ "seed": 4, "seed": 5 }""", "config.json"));
        Assert.Contains("config.json", e.Message);
    }
}
