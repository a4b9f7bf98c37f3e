using System.Runtime.InteropServices;

namespace Hades.Core.Envs.Mujoco;

/// <summary>
/// P/Invoke surface of <c>libhades_mujoco.so</c>, the C shim in <c>native/mujoco-shim</c> (see its
/// <c>hades_mujoco.h</c>) that the Hades.Core build compiles against Debian's MuJoCo 2.2.2. Pointers are raw
/// <c>mjModel*</c>/<c>mjData*</c>; ownership is handled by <see cref="MujocoModel"/> and
/// <see cref="MujocoVectorEnv"/>.
/// </summary>
internal static unsafe class MujocoNative
{
    const string Lib = "hades_mujoco";

    /// <summary>What to install when the shim or MuJoCo itself is missing.</summary>
    public const string InstallHint =
        "MuJoCo tasks need MuJoCo 2.2.2 and the native shim libhades_mujoco.so: run " +
        "'apt-get install libmujoco2.2.2 libmujoco-dev gcc make' and rebuild (the Hades.Core build compiles " +
        "native/mujoco-shim when /usr/include/mujoco/mujoco.h exists)";

    /// <summary>Record fields (bit flags, the order in which the shim concatenates them).</summary>
    [Flags]
    public enum Field
    {
        Qpos = 1, Qvel = 2, Xpos = 4, Xipos = 8, SiteXpos = 16, Cinert = 32, Cvel = 64,
        QfrcActuator = 128, CfrcExt = 256, QfrcConstraint = 512,
    }

    public const int InfoNq = 0, InfoNv = 1, InfoNu = 2, InfoNbody = 3, InfoNsite = 4, InfoVersion = 5, InfoCount = 6;

    [DllImport(Lib)] public static extern int hm_version();
    [DllImport(Lib)] public static extern IntPtr hm_load_xml_string(byte* xml, byte* err, int errlen);
    [DllImport(Lib)] public static extern IntPtr hm_load_xml_file(byte* path, byte* err, int errlen);
    [DllImport(Lib)] public static extern void hm_free_model(IntPtr model);
    [DllImport(Lib)] public static extern void hm_model_info(IntPtr model, int* info);
    [DllImport(Lib)] public static extern double hm_timestep(IntPtr model);
    [DllImport(Lib)] public static extern void hm_qpos0(IntPtr model, double* output);
    [DllImport(Lib)] public static extern void hm_body_mass(IntPtr model, double* output);
    [DllImport(Lib)] public static extern void hm_ctrlrange(IntPtr model, double* output);
    [DllImport(Lib)] public static extern void hm_ctrllimited(IntPtr model, int* output);
    [DllImport(Lib)] public static extern int hm_name2id(IntPtr model, int kind, byte* name);
    [DllImport(Lib)] public static extern int hm_record_size(IntPtr model, int fields);
    [DllImport(Lib)] public static extern long hm_data_bytes(IntPtr model);
    [DllImport(Lib)] public static extern int hm_make_datas(IntPtr model, IntPtr* datas, int n);
    [DllImport(Lib)] public static extern void hm_free_datas(IntPtr* datas, int n);
    [DllImport(Lib)] public static extern void hm_reset(IntPtr model, IntPtr data, double* qpos, double* qvel, int fields, double* record);
    [DllImport(Lib)] public static extern void hm_step_range(IntPtr model, IntPtr* datas, int begin, int end, double* ctrl,
        byte* active, int frameSkip, int fields, double* records);
    [DllImport(Lib)] public static extern void hm_step_indices(IntPtr model, IntPtr* datas, int* indices, int n, double* ctrl,
        int frameSkip, int fields, double* records);
    [DllImport(Lib)] public static extern int hm_warnings(IntPtr data);
    [DllImport(Lib)] public static extern double hm_time(IntPtr data);

    static readonly Lazy<string?> Problem = new(Probe);

    /// <summary>Null when the shim and MuJoCo load, else why not.</summary>
    public static string? UnavailableReason => Problem.Value;

    public static bool IsAvailable => Problem.Value is null;

    /// <summary>Throws a <see cref="HadesUserException"/> naming the apt packages when MuJoCo cannot be used.</summary>
    public static void EnsureAvailable()
    {
        if (Problem.Value is { } why) throw new HadesUserException($"{InstallHint} ({why})");
    }

    static string? Probe()
    {
        try
        {
            int v = hm_version();
            return v / 100 == 2 ? null : $"libmujoco reports version {v}, expected 2.x";
        }
        catch (DllNotFoundException) { return "libhades_mujoco.so or its dependency libmujoco.so.2.2.2 could not be loaded"; }
        catch (EntryPointNotFoundException e) { return e.Message; }
        catch (BadImageFormatException e) { return e.Message; }
    }
}
