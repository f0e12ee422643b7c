/* Wine 8 lacks bcryptprimitives.dll, whose ProcessPrng Rust's standard library (1.78 and
 * later) imports for random numbers: without it every Rust program fails to start under
 * Wine. This stand-in exports ProcessPrng and fills the buffer from RtlGenRandom
 * (SystemFunction036 in advapi32), in chunks it accepts. Used only by the Wine tests. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
