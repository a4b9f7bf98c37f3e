using Hades.Core.Envs.Mujoco;

namespace Hades.Tests.Core.Envs.Mujoco;

/// <summary>The native shim's calls that the environments do not exercise on their own.</summary>
public sealed unsafe class MujocoShimTests
{
    [MujocoFact]
    public void StepRange_AndStepIndices_GiveTheSameRecords_AndSkipInactiveInstances()
    {
        using var model = MujocoModel.FromResource("halfcheetah");
        const int n = 3, frameSkip = 5;
        var fields = MujocoNative.Field.Qpos | MujocoNative.Field.Qvel | MujocoNative.Field.CfrcExt;
        int size = MujocoNative.hm_record_size(model.Handle, (int)fields);
        Assert.Equal(9 + 9 + 6 * model.BodyCount, size);
        var datas = new IntPtr[n];
        var viaRange = new double[n * size];
        var viaIndices = new double[n * size];
        var ctrl = new double[n * model.Nu];
        for (int j = 0; j < ctrl.Length; j++) ctrl[j] = Math.Sin(j);   // instance 2 gets values beyond ±1 too
        ctrl[2 * model.Nu] = 5;
        byte[] active = [1, 0, 1];
        int[] indices = [0, 2];
        fixed (IntPtr* d = datas)
        fixed (double* c = ctrl)
        fixed (double* r1 = viaRange)
        fixed (double* r2 = viaIndices)
        fixed (byte* a = active)
        fixed (int* ix = indices)
        {
            Assert.Equal(0, MujocoNative.hm_make_datas(model.Handle, d, n));
            try
            {
                for (int i = 0; i < n; i++) MujocoNative.hm_reset(model.Handle, d[i], null, null, (int)fields, r1 + i * size);
                for (int t = 0; t < 10; t++) MujocoNative.hm_step_range(model.Handle, d, 0, n, c, a, frameSkip, (int)fields, r1);
                Assert.Equal(0.0, MujocoNative.hm_time(d[1]));
                Assert.Equal(10 * frameSkip * model.Timestep, MujocoNative.hm_time(d[0]), 12);

                for (int i = 0; i < n; i++) MujocoNative.hm_reset(model.Handle, d[i], null, null, (int)fields, r2 + i * size);
                for (int t = 0; t < 10; t++) MujocoNative.hm_step_indices(model.Handle, d, ix, 2, c, frameSkip, (int)fields, r2);
            }
            finally
            {
                MujocoNative.hm_free_datas(d, n);
            }
        }
        Assert.Equal(viaRange, viaIndices);
        Assert.NotEqual(viaRange.AsSpan(0, size).ToArray(), viaRange.AsSpan(2 * size, size).ToArray());
        Assert.Contains(viaRange.Skip(18).Take(6 * model.BodyCount), f => f != 0);   // the cheetah stands on the floor: contact forces
    }

    [MujocoFact]
    public void Model_FromFile_LoadsAFile_AndReportsAMissingOne()
    {
        string path = Path.Combine(Path.GetTempPath(), $"hades-mujoco-{Guid.NewGuid():N}.xml");
        File.WriteAllText(path,
            "<mujoco><worldbody><body pos='0 0 1'><joint type='slide' axis='0 0 1'/><geom type='sphere' size='0.1'/></body></worldbody></mujoco>");
        try
        {
            using var model = MujocoModel.FromFile(path);
            Assert.Equal(1, model.Nq);
            Assert.Equal(2, model.BodyCount);
            Assert.Equal(0.002, model.Timestep);
        }
        finally
        {
            File.Delete(path);
        }
        Assert.Throws<ArgumentException>(() => MujocoModel.FromFile(path));
    }
}
