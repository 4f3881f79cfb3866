// Locale-independent access to the user's Windows credential set (wincred.h).
// C# 5 / .NET Framework 4.8 only: Windows PowerShell 5.1 compiles this with Add-Type.
// The secret blob is never read, copied or exposed.
using System;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Remc.Native
{
    public sealed class CredentialInfo
    {
        public string TargetName { get; set; }
        public int Type { get; set; }
        public string UserName { get; set; }
    }

    public static class CredentialApi
    {
        private const int ErrorNotFound = 1168;
        private const int ErrorNoSuchLogonSession = 1312;

        // String fields stay IntPtr so the marshaller never frees or copies more than we read.
        [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
        private struct CREDENTIALW
        {
            public int Flags;
            public int Type;
            public IntPtr TargetName;
            public IntPtr Comment;
            public System.Runtime.InteropServices.ComTypes.FILETIME LastWritten;
            public int CredentialBlobSize;
            public IntPtr CredentialBlob;
            public int Persist;
            public int AttributeCount;
            public IntPtr Attributes;
            public IntPtr TargetAlias;
            public IntPtr UserName;
        }

        [DllImport("advapi32.dll", EntryPoint = "CredEnumerateW", CharSet = CharSet.Unicode, SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        private static extern bool CredEnumerateW(string filter, int flags, out int count, out IntPtr credentials);

        [DllImport("advapi32.dll", EntryPoint = "CredDeleteW", CharSet = CharSet.Unicode, SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        private static extern bool CredDeleteW(string target, int type, int flags);

        [DllImport("advapi32.dll", EntryPoint = "CredFree")]
        private static extern void CredFree(IntPtr buffer);

        // The calling user's credentials whose target name starts as the filter says ("prefix*"), or
        // every one for a null filter; empty when there is none.
        public static CredentialInfo[] Enumerate(string filter)
        {
            int count;
            IntPtr list;
            if (!CredEnumerateW(filter, 0, out count, out list))
            {
                int error = Marshal.GetLastWin32Error();
                if (error == ErrorNotFound)
                {
                    return new CredentialInfo[0];
                }
                throw CreateError("CredEnumerateW", error);
            }
            try
            {
                return ReadList(list, count);
            }
            finally
            {
                CredFree(list);
            }
        }

        // True when deleted, false when it was already gone.
        public static bool Delete(string target, int type)
        {
            if (string.IsNullOrEmpty(target))
            {
                throw new ArgumentException("target must not be empty", "target");
            }
            if (CredDeleteW(target, type, 0))
            {
                return true;
            }
            int error = Marshal.GetLastWin32Error();
            if (error == ErrorNotFound)
            {
                return false;
            }
            throw CreateError("CredDeleteW", error);
        }

        private static CredentialInfo[] ReadList(IntPtr list, int count)
        {
            CredentialInfo[] result = new CredentialInfo[count];
            for (int i = 0; i < count; i++)
            {
                IntPtr item = Marshal.ReadIntPtr(list, i * IntPtr.Size);
                CREDENTIALW native = (CREDENTIALW)Marshal.PtrToStructure(item, typeof(CREDENTIALW));
                CredentialInfo info = new CredentialInfo();
                info.TargetName = Marshal.PtrToStringUni(native.TargetName);
                info.Type = native.Type;
                info.UserName = Marshal.PtrToStringUni(native.UserName);
                result[i] = info;
            }
            return result;
        }

        // Messages carry the Win32 code, never localized system text.
        private static Exception CreateError(string api, int error)
        {
            if (error == ErrorNoSuchLogonSession)
            {
                return new InvalidOperationException("no logon session: " + api + " returned ERROR_NO_SUCH_LOGON_SESSION (1312)");
            }
            return new Win32Exception(error, api + " failed with Win32 error " + error.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
