namespace Hades.Core.Envs.Mujoco;

/// <summary>
/// Where each field sits in a per-instance record, the flat array of <c>mjData</c> fields the shim copies out
/// after every reset and step (in the order of <see cref="MujocoNative.Field"/>). An offset is -1 for a field
/// not in the record.
/// </summary>
public sealed record RecordLayout
{
    internal RecordLayout(MujocoModel model, MujocoNative.Field fields)
    {
        Fields = fields;
        int n = 0;
        int Take(MujocoNative.Field f, int size)
        {
            if ((fields & f) == 0) return -1;
            int at = n;
            n += size;
            return at;
        }
        Qpos = Take(MujocoNative.Field.Qpos, model.Nq);
        Qvel = Take(MujocoNative.Field.Qvel, model.Nv);
        Xpos = Take(MujocoNative.Field.Xpos, 3 * model.BodyCount);
        Xipos = Take(MujocoNative.Field.Xipos, 3 * model.BodyCount);
        SiteXpos = Take(MujocoNative.Field.SiteXpos, 3 * model.SiteCount);
        Cinert = Take(MujocoNative.Field.Cinert, 10 * model.BodyCount);
        Cvel = Take(MujocoNative.Field.Cvel, 6 * model.BodyCount);
        QfrcActuator = Take(MujocoNative.Field.QfrcActuator, model.Nv);
        CfrcExt = Take(MujocoNative.Field.CfrcExt, 6 * model.BodyCount);
        QfrcConstraint = Take(MujocoNative.Field.QfrcConstraint, model.Nv);
        Size = n;
        int native = MujocoNative.hm_record_size(model.Handle, (int)fields);
        if (native != n) throw new InvalidOperationException($"record layout mismatch: C# {n}, shim {native}");
    }

    internal MujocoNative.Field Fields { get; }
    public int Size { get; }
    public int Qpos { get; }
    public int Qvel { get; }
    public int Xpos { get; }
    public int Xipos { get; }
    public int SiteXpos { get; }
    public int Cinert { get; }
    public int Cvel { get; }
    public int QfrcActuator { get; }
    public int CfrcExt { get; }
    public int QfrcConstraint { get; }
}
