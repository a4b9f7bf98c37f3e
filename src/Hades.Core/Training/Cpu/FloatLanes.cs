using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Hades.Core.Training.Cpu;

/// <summary>
/// The lane operations <see cref="VectorTanh"/> needs, over one vector width: float lanes <typeparamref name="TF"/>
/// and int lanes <typeparamref name="TI"/> of the same register. Every operation is one IEEE single-precision
/// operation per lane (no fused multiply-add), so an algorithm written on them rounds exactly as its scalar C code.
/// Masks are int lanes of all ones (true) or zeros.
/// </summary>
public unsafe interface IFloatLanes<TF, TI> where TF : struct where TI : struct
{
    static abstract int Count { get; }
    static abstract TF Load(float* p);
    static abstract void Store(TF v, float* p);
    static abstract TF Splat(float v);
    static abstract TI Splat(int v);
    static abstract TF Add(TF a, TF b);
    static abstract TF Subtract(TF a, TF b);
    static abstract TF Multiply(TF a, TF b);
    static abstract TF Divide(TF a, TF b);
    static abstract TI Bits(TF v);
    static abstract TF FromBits(TI v);
    static abstract TI Add(TI a, TI b);
    static abstract TI Subtract(TI a, TI b);
    static abstract TI And(TI a, TI b);
    static abstract TI Or(TI a, TI b);
    static abstract TI Xor(TI a, TI b);
    static abstract TI ShiftLeft(TI v, int count);
    /// <summary>Signed comparison per lane: a mask.</summary>
    static abstract TI GreaterThan(TI a, TI b);
    static abstract TI Equals(TI a, TI b);
    static abstract TI LessThan(TF a, TF b);
    /// <summary>Float to int, truncating toward zero (C's conversion; out of range: the platform's value, cvttps2dq's 0x80000000).</summary>
    static abstract TI Truncate(TF v);
    static abstract TF ToFloat(TI v);
    static abstract TF Select(TI mask, TF whenTrue, TF whenFalse);
    static abstract TI Select(TI mask, TI whenTrue, TI whenFalse);
}

/// <summary>512-bit lanes (AVX-512): 16 floats.</summary>
public readonly unsafe struct Lanes512 : IFloatLanes<Vector512<float>, Vector512<int>>
{
    public static int Count => 16;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Load(float* p) => Vector512.Load(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector512<float> v, float* p) => v.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Splat(float v) => Vector512.Create(v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<int> Splat(int v) => Vector512.Create(v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Subtract(Vector512<float> a, Vector512<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Divide(Vector512<float> a, Vector512<float> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<int> Bits(Vector512<float> v) => v.AsInt32();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> FromBits(Vector512<int> v) => v.AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<int> Add(Vector512<int> a, Vector512<int> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<int> Subtract(Vector512<int> a, Vector512<int> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<int> And(Vector512<int> a, Vector512<int> b) => a & b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<int> Or(Vector512<int> a, Vector512<int> b) => a | b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<int> Xor(Vector512<int> a, Vector512<int> b) => a ^ b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<int> ShiftLeft(Vector512<int> v, int count) => Vector512.ShiftLeft(v, count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<int> GreaterThan(Vector512<int> a, Vector512<int> b) => Vector512.GreaterThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<int> Equals(Vector512<int> a, Vector512<int> b) => Vector512.Equals(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<int> LessThan(Vector512<float> a, Vector512<float> b) => Vector512.LessThan(a, b).AsInt32();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<int> Truncate(Vector512<float> v) => Vector512.ConvertToInt32Native(v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> ToFloat(Vector512<int> v) => Vector512.ConvertToSingle(v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Select(Vector512<int> mask, Vector512<float> whenTrue, Vector512<float> whenFalse) => Vector512.ConditionalSelect(mask.AsSingle(), whenTrue, whenFalse);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<int> Select(Vector512<int> mask, Vector512<int> whenTrue, Vector512<int> whenFalse) => Vector512.ConditionalSelect(mask, whenTrue, whenFalse);
}

/// <summary>256-bit lanes (AVX2): 8 floats.</summary>
public readonly unsafe struct Lanes256 : IFloatLanes<Vector256<float>, Vector256<int>>
{
    public static int Count => 8;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Load(float* p) => Vector256.Load(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector256<float> v, float* p) => v.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Splat(float v) => Vector256.Create(v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<int> Splat(int v) => Vector256.Create(v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Subtract(Vector256<float> a, Vector256<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Divide(Vector256<float> a, Vector256<float> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<int> Bits(Vector256<float> v) => v.AsInt32();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> FromBits(Vector256<int> v) => v.AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<int> Add(Vector256<int> a, Vector256<int> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<int> Subtract(Vector256<int> a, Vector256<int> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<int> And(Vector256<int> a, Vector256<int> b) => a & b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<int> Or(Vector256<int> a, Vector256<int> b) => a | b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<int> Xor(Vector256<int> a, Vector256<int> b) => a ^ b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<int> ShiftLeft(Vector256<int> v, int count) => Vector256.ShiftLeft(v, count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<int> GreaterThan(Vector256<int> a, Vector256<int> b) => Vector256.GreaterThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<int> Equals(Vector256<int> a, Vector256<int> b) => Vector256.Equals(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<int> LessThan(Vector256<float> a, Vector256<float> b) => Vector256.LessThan(a, b).AsInt32();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<int> Truncate(Vector256<float> v) => Vector256.ConvertToInt32Native(v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> ToFloat(Vector256<int> v) => Vector256.ConvertToSingle(v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Select(Vector256<int> mask, Vector256<float> whenTrue, Vector256<float> whenFalse) => Vector256.ConditionalSelect(mask.AsSingle(), whenTrue, whenFalse);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<int> Select(Vector256<int> mask, Vector256<int> whenTrue, Vector256<int> whenFalse) => Vector256.ConditionalSelect(mask, whenTrue, whenFalse);
}

/// <summary>Two 256-bit float registers handled as one value (16 floats), for <see cref="Lanes256x2"/>.</summary>
public readonly struct Float256x2(Vector256<float> lo, Vector256<float> hi)
{
    public readonly Vector256<float> Lo = lo, Hi = hi;
}

/// <summary>Two 256-bit int registers handled as one value (16 ints), for <see cref="Lanes256x2"/>.</summary>
public readonly struct Int256x2(Vector256<int> lo, Vector256<int> hi)
{
    public readonly Vector256<int> Lo = lo, Hi = hi;
}

/// <summary>256-bit lanes two registers at a time (AVX2): 16 floats, every operation issued for both registers one
/// after the other, so that two independent dependency chains are interleaved in program order and the core overlaps
/// their latencies (a long serial chain such as <see cref="VectorTanh"/>'s is otherwise latency-bound). Each lane
/// sees exactly the operations of <see cref="Lanes256"/>.</summary>
public readonly unsafe struct Lanes256x2 : IFloatLanes<Float256x2, Int256x2>
{
    public static int Count => 16;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float256x2 Load(float* p) => new(Vector256.Load(p), Vector256.Load(p + 8));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Float256x2 v, float* p) { v.Lo.Store(p); v.Hi.Store(p + 8); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float256x2 Splat(float v) { var s = Vector256.Create(v); return new(s, s); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Int256x2 Splat(int v) { var s = Vector256.Create(v); return new(s, s); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float256x2 Add(Float256x2 a, Float256x2 b) => new(a.Lo + b.Lo, a.Hi + b.Hi);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float256x2 Subtract(Float256x2 a, Float256x2 b) => new(a.Lo - b.Lo, a.Hi - b.Hi);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float256x2 Multiply(Float256x2 a, Float256x2 b) => new(a.Lo * b.Lo, a.Hi * b.Hi);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float256x2 Divide(Float256x2 a, Float256x2 b) => new(a.Lo / b.Lo, a.Hi / b.Hi);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Int256x2 Bits(Float256x2 v) => new(v.Lo.AsInt32(), v.Hi.AsInt32());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float256x2 FromBits(Int256x2 v) => new(v.Lo.AsSingle(), v.Hi.AsSingle());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Int256x2 Add(Int256x2 a, Int256x2 b) => new(a.Lo + b.Lo, a.Hi + b.Hi);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Int256x2 Subtract(Int256x2 a, Int256x2 b) => new(a.Lo - b.Lo, a.Hi - b.Hi);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Int256x2 And(Int256x2 a, Int256x2 b) => new(a.Lo & b.Lo, a.Hi & b.Hi);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Int256x2 Or(Int256x2 a, Int256x2 b) => new(a.Lo | b.Lo, a.Hi | b.Hi);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Int256x2 Xor(Int256x2 a, Int256x2 b) => new(a.Lo ^ b.Lo, a.Hi ^ b.Hi);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Int256x2 ShiftLeft(Int256x2 v, int count) => new(Vector256.ShiftLeft(v.Lo, count), Vector256.ShiftLeft(v.Hi, count));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Int256x2 GreaterThan(Int256x2 a, Int256x2 b) => new(Vector256.GreaterThan(a.Lo, b.Lo), Vector256.GreaterThan(a.Hi, b.Hi));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Int256x2 Equals(Int256x2 a, Int256x2 b) => new(Vector256.Equals(a.Lo, b.Lo), Vector256.Equals(a.Hi, b.Hi));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Int256x2 LessThan(Float256x2 a, Float256x2 b) => new(Vector256.LessThan(a.Lo, b.Lo).AsInt32(), Vector256.LessThan(a.Hi, b.Hi).AsInt32());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Int256x2 Truncate(Float256x2 v) => new(Vector256.ConvertToInt32Native(v.Lo), Vector256.ConvertToInt32Native(v.Hi));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float256x2 ToFloat(Int256x2 v) => new(Vector256.ConvertToSingle(v.Lo), Vector256.ConvertToSingle(v.Hi));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float256x2 Select(Int256x2 mask, Float256x2 whenTrue, Float256x2 whenFalse) =>
        new(Vector256.ConditionalSelect(mask.Lo.AsSingle(), whenTrue.Lo, whenFalse.Lo), Vector256.ConditionalSelect(mask.Hi.AsSingle(), whenTrue.Hi, whenFalse.Hi));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Int256x2 Select(Int256x2 mask, Int256x2 whenTrue, Int256x2 whenFalse) =>
        new(Vector256.ConditionalSelect(mask.Lo, whenTrue.Lo, whenFalse.Lo), Vector256.ConditionalSelect(mask.Hi, whenTrue.Hi, whenFalse.Hi));
}
