using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace Hades.Core.Envs.Mujoco;

/// <summary>
/// A compiled MuJoCo model (<c>mjModel</c>), shared read-only by every instance of a vector environment, with
/// the sizes and constants the environments read. MuJoCo 2.x's XML parser keeps global state, so loads are
/// serialised on one lock.
/// </summary>
public sealed unsafe class MujocoModel : IDisposable
{
    static readonly Lock LoadLock = new();

    IntPtr _handle;

    MujocoModel(IntPtr handle, string name)
    {
        _handle = handle;
        Name = name;
        int* info = stackalloc int[MujocoNative.InfoCount];
        MujocoNative.hm_model_info(handle, info);
        Nq = info[MujocoNative.InfoNq];
        Nv = info[MujocoNative.InfoNv];
        Nu = info[MujocoNative.InfoNu];
        BodyCount = info[MujocoNative.InfoNbody];
        SiteCount = info[MujocoNative.InfoNsite];
        Timestep = MujocoNative.hm_timestep(handle);
        Qpos0 = new double[Nq];
        BodyMass = new double[BodyCount];
        var range = new double[2 * Nu];
        var limited = new int[Nu];
        fixed (double* q = Qpos0) MujocoNative.hm_qpos0(handle, q);
        fixed (double* m = BodyMass) MujocoNative.hm_body_mass(handle, m);
        fixed (double* r = range) MujocoNative.hm_ctrlrange(handle, r);
        fixed (int* l = limited) MujocoNative.hm_ctrllimited(handle, l);
        CtrlLow = new double[Nu];
        CtrlHigh = new double[Nu];
        for (int k = 0; k < Nu; k++)
        {
            CtrlLow[k] = limited[k] != 0 ? range[2 * k] : double.NegativeInfinity;
            CtrlHigh[k] = limited[k] != 0 ? range[2 * k + 1] : double.PositiveInfinity;
        }
    }

    public string Name { get; }
    public int Nq { get; }
    public int Nv { get; }
    public int Nu { get; }
    /// <summary>Bodies, the world body (index 0) included.</summary>
    public int BodyCount { get; }
    public int SiteCount { get; }
    /// <summary>Physics timestep (<c>opt.timestep</c>), seconds.</summary>
    public double Timestep { get; }
    /// <summary>Reference configuration (<c>qpos0</c>): Gymnasium's <c>init_qpos</c>.</summary>
    public double[] Qpos0 { get; }
    public double[] BodyMass { get; }
    /// <summary>Per-actuator control range (±inf where not ctrllimited).</summary>
    public double[] CtrlLow { get; }
    public double[] CtrlHigh { get; }

    internal IntPtr Handle => _handle != IntPtr.Zero ? _handle : throw new ObjectDisposedException(nameof(MujocoModel));

    /// <summary>Loads one of the project's models (<c>Environments/Mujoco/Models/NAME.xml</c>, embedded).</summary>
    public static MujocoModel FromResource(string name)
    {
        string resource = $"Hades.Mujoco.{name}.xml";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new ArgumentException($"no embedded MuJoCo model '{resource}'", nameof(name));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return FromXml(reader.ReadToEnd(), name);
    }

    /// <summary>Compiles MJCF text; a parse or compile error becomes an <see cref="ArgumentException"/> with MuJoCo's message.</summary>
    public static MujocoModel FromXml(string xml, string name = "model") =>
        Load(xml, isPath: false, name);

    /// <summary>Compiles an MJCF file (relative includes and meshes resolve next to it).</summary>
    public static MujocoModel FromFile(string path) =>
        Load(path, isPath: true, Path.GetFileNameWithoutExtension(path));

    static MujocoModel Load(string source, bool isPath, string name)
    {
        MujocoNative.EnsureAvailable();
        byte[] text = Encoding.UTF8.GetBytes(source + "\0");
        var error = new byte[1024];
        IntPtr handle;
        lock (LoadLock)
        {
            fixed (byte* t = text)
            fixed (byte* e = error)
                handle = isPath
                    ? MujocoNative.hm_load_xml_file(t, e, error.Length)
                    : MujocoNative.hm_load_xml_string(t, e, error.Length);
        }
        if (handle == IntPtr.Zero)
        {
            int end = Array.IndexOf(error, (byte)0);
            string message = Encoding.UTF8.GetString(error, 0, end < 0 ? error.Length : end);
            throw new ArgumentException($"MuJoCo could not load model '{name}': {message}", isPath ? "path" : "xml");
        }
        return new MujocoModel(handle, name);
    }

    /// <summary>Index of a named body, or -1.</summary>
    public int BodyId(string name) => NameToId(0, name);

    /// <summary>Index of a named site, or -1.</summary>
    public int SiteId(string name) => NameToId(1, name);

    int NameToId(int kind, string name)
    {
        byte[] text = Encoding.UTF8.GetBytes(name + "\0");
        fixed (byte* t = text) return MujocoNative.hm_name2id(Handle, kind, t);
    }

    public void Dispose()
    {
        IntPtr h = Interlocked.Exchange(ref _handle, IntPtr.Zero);
        if (h != IntPtr.Zero) MujocoNative.hm_free_model(h);
        GC.SuppressFinalize(this);
    }

    ~MujocoModel()
    {
        IntPtr h = Interlocked.Exchange(ref _handle, IntPtr.Zero);
        if (h != IntPtr.Zero) MujocoNative.hm_free_model(h);
    }
}
