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
