namespace Hades.Core;

/// <summary>An error caused by the user's input (bad option, missing file, mismatched run dir). The CLI prints
/// its message as one line and exits non-zero; it is never shown as a stack trace.</summary>
public sealed class HadesUserException(string message) : Exception(message);
