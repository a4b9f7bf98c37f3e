namespace Hades.Core.Campaigns;

/// <summary>
/// Resolves "needs" and checks the graph. A need names an experiment, or a group (a listed experiment with its own
/// "grid"): then it means every expansion of that group that agrees with the needing experiment on the grid keys
/// both have (a zero-shot entry with "grid": {"seed": [0, 1]} needing "data" gets, for seed 0, every "data"
/// expansion with seed 0; with no shared key, all expansions). Unknown names, a need on itself and cycles are
/// refused.
/// </summary>
public static class CampaignNeeds
{
    /// <returns>Per experiment (in order), the names of the experiments it needs, in file order.</returns>
    public static IReadOnlyList<string[]> Resolve(IReadOnlyList<(string Name, CampaignPointOrigin Origin, IReadOnlyList<string> Needs)> experiments, string source)
    {
        var index = experiments.Select((e, i) => (e.Name, i)).ToDictionary(x => x.Name, x => x.i);
        var resolved = new List<string[]>();
        foreach (var (name, origin, needs) in experiments)
        {
            var mine = new List<int>();
            foreach (var need in needs)
            {
                if (index.TryGetValue(need, out int exact)) { mine.Add(exact); continue; }
                var group = experiments.Select((e, i) => (e, i)).Where(x => x.e.Origin.Group == need).ToList();
                if (group.Count == 0)
                    throw new HadesUserException($"{source} ({name}): needs \"{need}\", which is no experiment or grid name of this campaign");
                var matching = group.Where(x => x.e.Origin.Values.All(kv => !origin.Values.TryGetValue(kv.Key, out var v) || v == kv.Value)).ToList();
                if (matching.Count == 0)
                    throw new HadesUserException($"{source} ({name}): needs \"{need}\", but none of its experiments has the same {string.Join(", ", origin.Values.Keys)}");
                mine.AddRange(matching.Select(x => x.i));
            }
            if (mine.Contains(index[name])) throw new HadesUserException($"{source} ({name}): an experiment cannot need itself");
            resolved.Add(mine.Distinct().Order().Select(i => experiments[i].Name).ToArray());
        }
        CheckAcyclic(experiments.Select(e => e.Name).ToArray(), resolved, source);
        return resolved;
    }

    static void CheckAcyclic(string[] names, IReadOnlyList<string[]> needs, string source)
    {
        var index = names.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i);
        var state = new int[names.Length]; // 0 new, 1 on the path, 2 done
        var path = new List<string>();
        void Visit(int i)
        {
            if (state[i] == 2) return;
            path.Add(names[i]);
            if (state[i] == 1)
                throw new HadesUserException($"{source}: \"needs\" form a cycle: {string.Join(" → ", path.SkipWhile(n => n != names[i]))}");
            state[i] = 1;
            foreach (var need in needs[i]) Visit(index[need]);
            state[i] = 2;
            path.RemoveAt(path.Count - 1);
        }
        for (int i = 0; i < names.Length; i++) Visit(i);
    }
}
