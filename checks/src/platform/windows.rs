//! Windows: facts from the system's own APIs. Volumes by drive letter, the print spooler,
//! the WLAN API, WinHTTP's proxy settings, the neighbour table, processor times and the
//! Recycle Bin; interfaces through netdev (which reads `GetAdaptersAddresses`) under their
//! friendly names; the resolver through hickory's reading of the system settings.
//!
//! What each structure means is decided by the pure functions in `windows_map.rs`, which are
//! tested on every platform; this file only makes the calls. Every buffer the system fills is
//! sized by the system's own answer and read within its length.

// The Windows API is C: every call below is `unsafe`, each with its reason.
#![allow(unsafe_code)]

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use windows_sys::Win32::Foundation::{
    ERROR_INSUFFICIENT_BUFFER, ERROR_SUCCESS, FILETIME, GlobalFree,
};

use super::ipp::{Job, PrintAction, PrintError, PrintFuture, PrintRights, PrintSystemInfo, Queue};
use super::windows_map::{self as map, CpuTimes, IeProxy, SpoolerJob, SpoolerPrinter, Volume};
use super::{
    CacheFolder, Freed, FsUsage, HealthReading, HomeUsage, Link, LinkFacts, LogLine, LogQuery,
    LogSource, Mount, Neighbour, NetworkManagerAccess, OsError, OsErrorKind, Platform, Pressure,
    PrintSystem, ProxySetting, ResolverSettings, Server, TrashEntry, WifiLink, cleanup, common,
};

/// Windows.
#[derive(Debug, Clone, Copy, Default)]
pub struct Windows;

/// True when running under Wine (its ntdll exports `wine_get_version`), where a few system
/// behaviours differ from Windows; tests say so where they meet one.
#[cfg(test)]
pub fn under_wine() -> bool {
    use windows_sys::Win32::System::LibraryLoader::{GetModuleHandleW, GetProcAddress};
    let ntdll = wide("ntdll.dll");
    // SAFETY: a nul-terminated module name; ntdll is loaded in every process.
    let module = unsafe { GetModuleHandleW(ntdll.as_ptr()) };
    if module.is_null() {
        return false;
    }
    // SAFETY: a loaded module and a nul-terminated name.
    unsafe { GetProcAddress(module, c"wine_get_version".as_ptr().cast()) }.is_some()
}

/// How a file counts on disk here: its length; volumes are not told apart.
const FILE_FACTS: common::FileFacts = common::FileFacts {
    allocated_size: std::fs::Metadata::len,
    device_of: |_| None,
};

/// Text for a wide-string API, ending in a nul.
fn wide(text: &str) -> Vec<u16> {
    text.encode_utf16().chain(std::iter::once(0)).collect()
}

/// A nul-terminated wide string the system wrote, read at most this far.
const MAX_WIDE: usize = 32 * 1024;

/// Reads a nul-terminated wide string; None for a null pointer.
///
/// # Safety
/// `ptr` is null or points to a nul-terminated UTF-16 string the system wrote.
unsafe fn from_wide(ptr: *const u16) -> Option<String> {
    if ptr.is_null() {
        return None;
    }
    let mut len = 0;
    // SAFETY: the caller promises a nul-terminated string; the walk stops at its nul (or at
    // MAX_WIDE, which no value Checkup reads comes near).
    while len < MAX_WIDE && unsafe { *ptr.add(len) } != 0 {
        len += 1;
    }
    // SAFETY: `len` units were just read from this string.
    let units = unsafe { std::slice::from_raw_parts(ptr, len) };
    Some(String::from_utf16_lossy(units))
}

/// A buffer's size for an API that takes a `u32`; a larger buffer is described as smaller
/// than it is, never larger.
fn size32(size: usize) -> u32 {
    u32::try_from(size).unwrap_or(u32::MAX)
}

/// The letter of a drive named `C:`; None for anything else, so nothing but a letter ever
/// reaches a PowerShell line.
fn drive_letter(device: &str) -> Option<char> {
    let mut chars = device.chars();
    let (letter, colon) = (chars.next()?, chars.next()?);
    (letter.is_ascii_alphabetic() && colon == ':' && chars.next().is_none()).then_some(letter)
}

/// A fixed wide-character array up to its first nul.
fn from_wide_array(units: &[u16]) -> String {
    let end = units.iter().position(|u| *u == 0).unwrap_or(units.len());
    String::from_utf16_lossy(&units[..end])
}

fn last_error() -> OsError {
    std::io::Error::last_os_error().into()
}

fn filetime(time: FILETIME) -> u64 {
    (u64::from(time.dwHighDateTime) << 32) | u64::from(time.dwLowDateTime)
}

fn cpu_times() -> Result<CpuTimes, OsError> {
    let zero = FILETIME {
        dwLowDateTime: 0,
        dwHighDateTime: 0,
    };
    let (mut idle, mut kernel, mut user) = (zero, zero, zero);
    // SAFETY: three valid, exclusive FILETIME out-pointers.
    let ok = unsafe {
        windows_sys::Win32::System::Threading::GetSystemTimes(&mut idle, &mut kernel, &mut user)
    };
    if ok == 0 {
        return Err(last_error());
    }
    Ok(CpuTimes {
        idle: filetime(idle),
        kernel: filetime(kernel),
        user: filetime(user),
    })
}

/// Pages read from disk to resolve hard page faults since the system started: the raw count
/// behind the `\Memory\Pages Input/sec` performance counter, which every user may read.
fn pages_input() -> Result<u64, OsError> {
    use windows_sys::Win32::System::Performance::{
        PDH_RAW_COUNTER, PdhAddEnglishCounterW, PdhCloseQuery, PdhCollectQueryData,
        PdhGetRawCounterValue, PdhOpenQueryW,
    };
    let failed = |what: &str, status: u32| {
        OsError::new(
            OsErrorKind::Unsupported,
            format!("the paging counter could not be read ({what}: {status:#010x})"),
        )
    };
    let mut query = std::ptr::null_mut();
    // SAFETY: a null source means live data; a valid out-handle, closed below.
    let status = unsafe { PdhOpenQueryW(std::ptr::null(), 0, &mut query) };
    if status != 0 {
        return Err(failed("open", status));
    }
    let path = wide("\\Memory\\Pages Input/sec");
    let mut counter = std::ptr::null_mut();
    let mut raw = PDH_RAW_COUNTER {
        CStatus: 0,
        TimeStamp: FILETIME {
            dwLowDateTime: 0,
            dwHighDateTime: 0,
        },
        FirstValue: 0,
        SecondValue: 0,
        MultiCount: 0,
    };
    // SAFETY: an open query, a nul-terminated English counter path, valid out-pointers.
    let result = unsafe {
        let mut status = PdhAddEnglishCounterW(query, path.as_ptr(), 0, &mut counter);
        if status == 0 {
            status = PdhCollectQueryData(query);
        }
        if status == 0 {
            status = PdhGetRawCounterValue(counter, std::ptr::null_mut(), &mut raw);
        }
        PdhCloseQuery(query);
        status
    };
    if result != 0 {
        return Err(failed("collect", result));
    }
    Ok(u64::try_from(raw.FirstValue).unwrap_or(0))
}

/// Every drive letter with its type, filesystem and flags.
fn volumes() -> Result<Vec<Volume>, OsError> {
    use windows_sys::Win32::Storage::FileSystem::{
        GetDriveTypeW, GetLogicalDriveStringsW, GetVolumeInformationW,
    };
    let mut buffer = vec![0u16; 512];
    // SAFETY: the buffer holds `len` units; the call writes at most that many.
    let written = unsafe { GetLogicalDriveStringsW(size32(buffer.len()), buffer.as_mut_ptr()) };
    let written = usize::try_from(written).unwrap_or(0);
    if written == 0 {
        return Err(last_error());
    }
    if written > buffer.len() {
        buffer.resize(written + 1, 0);
        // SAFETY: as above, with the size the system asked for.
        let again = unsafe { GetLogicalDriveStringsW(size32(buffer.len()), buffer.as_mut_ptr()) };
        if again == 0 {
            return Err(last_error());
        }
    }
    let roots: Vec<String> = buffer
        .split(|u| *u == 0)
        .filter(|s| !s.is_empty())
        .map(String::from_utf16_lossy)
        .collect();
    Ok(roots
        .into_iter()
        .map(|root| {
            let wide_root = wide(&root);
            // SAFETY: a nul-terminated root path.
            let drive_type = unsafe { GetDriveTypeW(wide_root.as_ptr()) };
            let mut fs_name = [0u16; 64];
            let mut flags = 0u32;
            let mut fs = String::new();
            // A network drive's server can hang: its filesystem is not asked here (its space
            // is, under the fact layer's deadline).
            if drive_type != map::drive_type::REMOTE && drive_type != map::drive_type::CDROM {
                // SAFETY: the name buffer's length is passed; other outputs are optional.
                let ok = unsafe {
                    GetVolumeInformationW(
                        wide_root.as_ptr(),
                        std::ptr::null_mut(),
                        0,
                        std::ptr::null_mut(),
                        std::ptr::null_mut(),
                        &mut flags,
                        fs_name.as_mut_ptr(),
                        size32(fs_name.len()),
                    )
                };
                if ok != 0 {
                    fs = from_wide_array(&fs_name);
                }
            }
            let remote = (drive_type == map::drive_type::REMOTE)
                .then(|| remote_name(root.trim_end_matches('\\')))
                .flatten();
            Volume {
                root,
                drive_type,
                fs_name: fs,
                flags,
                remote,
            }
        })
        .collect())
}

/// The type of the drive a mount point (`C:`) names, if it is one of the drive letters.
fn drive_type(mount_point: &str) -> Option<u32> {
    volumes().ok()?.into_iter().find_map(|v| {
        v.root
            .trim_end_matches('\\')
            .eq_ignore_ascii_case(mount_point)
            .then_some(v.drive_type)
    })
}

/// The share a network drive letter maps (`\\server\share`).
fn remote_name(letter: &str) -> Option<String> {
    let local = wide(letter);
    let mut buffer = vec![0u16; 1024];
    let mut len = size32(buffer.len());
    // SAFETY: the buffer's length is passed in `len`.
    let status = unsafe {
        windows_sys::Win32::NetworkManagement::WNet::WNetGetConnectionW(
            local.as_ptr(),
            buffer.as_mut_ptr(),
            &mut len,
        )
    };
    (status == ERROR_SUCCESS).then(|| from_wide_array(&buffer))
}

fn disk_space(mount_point: &str) -> Result<FsUsage, OsError> {
    let root = wide(&format!("{}\\", mount_point.trim_end_matches(['\\', '/'])));
    let (mut available, mut total, mut free) = (0u64, 0u64, 0u64);
    // SAFETY: three valid u64 out-pointers and a nul-terminated path.
    let ok = unsafe {
        windows_sys::Win32::Storage::FileSystem::GetDiskFreeSpaceExW(
            root.as_ptr(),
            &mut available,
            &mut total,
            &mut free,
        )
    };
    if ok == 0 {
        return Err(last_error());
    }
    Ok(FsUsage {
        total_bytes: total,
        free_bytes: free,
        available_bytes: available,
        total_inodes: 0,
        free_inodes: 0,
    })
}

/// One answer about this process's access token, written into `buffer` (u64s keep it
/// aligned); false when the token cannot be read.
fn token_information(
    class: windows_sys::Win32::Security::TOKEN_INFORMATION_CLASS,
    buffer: &mut [u64],
) -> bool {
    use windows_sys::Win32::Foundation::CloseHandle;
    use windows_sys::Win32::Security::{GetTokenInformation, TOKEN_QUERY};
    use windows_sys::Win32::System::Threading::{GetCurrentProcess, OpenProcessToken};
    let mut token = std::ptr::null_mut();
    // SAFETY: the current process's pseudo-handle and a valid out-handle, closed below.
    if unsafe { OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &mut token) } == 0 {
        return false;
    }
    let mut needed = 0u32;
    // SAFETY: an open token and a buffer of the length passed.
    let ok = unsafe {
        GetTokenInformation(
            token,
            class,
            buffer.as_mut_ptr().cast(),
            size32(std::mem::size_of_val(buffer)),
            &mut needed,
        )
    };
    // SAFETY: the token is closed once.
    unsafe { CloseHandle(token) };
    ok != 0
}

/// True when Checkup runs with administrator rights in force (an elevated token). An
/// administrator's account runs programs without them unless Windows was asked to.
fn elevated() -> bool {
    use windows_sys::Win32::Security::{TOKEN_ELEVATION, TokenElevation};
    let mut buffer = [0u64; 1];
    // SAFETY: on success the call wrote a TOKEN_ELEVATION at the buffer's start.
    token_information(TokenElevation, &mut buffer)
        && unsafe {
            buffer
                .as_ptr()
                .cast::<TOKEN_ELEVATION>()
                .read()
                .TokenIsElevated
        } != 0
}

/// The security identifier of the user running Checkup (`S-1-5-21-…`), which names their
/// folder in each drive's Recycle Bin.
fn user_sid() -> Option<String> {
    use windows_sys::Win32::Foundation::LocalFree;
    use windows_sys::Win32::Security::Authorization::ConvertSidToStringSidW;
    use windows_sys::Win32::Security::{TOKEN_USER, TokenUser};
    // A TOKEN_USER and the SID it points to.
    let mut buffer = vec![0u64; 64];
    if !token_information(TokenUser, &mut buffer) {
        return None;
    }
    // SAFETY: the call wrote a TOKEN_USER at the buffer's start.
    let sid = unsafe { buffer.as_ptr().cast::<TOKEN_USER>().read().User.Sid };
    let mut text: *mut u16 = std::ptr::null_mut();
    // SAFETY: a SID inside the buffer, still alive; the string is freed below.
    if unsafe { ConvertSidToStringSidW(sid, &mut text) } == 0 {
        return None;
    }
    // SAFETY: a nul-terminated string the call allocated with LocalFree's allocator.
    let sid = unsafe { from_wide(text) };
    // SAFETY: freed once.
    unsafe { LocalFree(text.cast()) };
    sid
}

/// The user's local application data folder, where Windows programs keep their caches.
fn local_app_data() -> Option<PathBuf> {
    std::env::var_os("LOCALAPPDATA")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
}

/// The user's own folder in the Recycle Bin of the drive holding their home folder: the one
/// whose items take space where the disk check looks.
fn own_recycle_bin() -> Result<PathBuf, OsError> {
    let home = std::env::var("USERPROFILE")
        .map_err(|_| OsError::new(OsErrorKind::NotFound, "no home folder is set"))?;
    let drive: String = home.chars().take(2).collect();
    if !drive.ends_with(':') {
        return Err(OsError::new(
            OsErrorKind::NotFound,
            "the home folder is not on a drive letter",
        ));
    }
    let sid = user_sid().ok_or_else(|| {
        OsError::new(
            OsErrorKind::Other,
            "the user's security identifier is unknown",
        )
    })?;
    Ok(PathBuf::from(format!("{drive}\\$Recycle.Bin\\{sid}")))
}

/// What the Recycle Bin holds on every drive, in bytes and items.
fn recycle_bin() -> Result<(u64, u64), OsError> {
    use windows_sys::Win32::UI::Shell::{SHQUERYRBINFO, SHQueryRecycleBinW};
    let mut info = SHQUERYRBINFO {
        cbSize: size32(std::mem::size_of::<SHQUERYRBINFO>()),
        i64Size: 0,
        i64NumItems: 0,
    };
    // SAFETY: a null root asks about every drive; `info` is sized as the call expects.
    let result = unsafe { SHQueryRecycleBinW(std::ptr::null(), &mut info) };
    if result < 0 {
        return Err(OsError::new(
            OsErrorKind::Other,
            format!("the Recycle Bin could not be measured (HRESULT {result:#010x})"),
        ));
    }
    Ok((
        u64::try_from(info.i64Size).unwrap_or(0),
        u64::try_from(info.i64NumItems).unwrap_or(0),
    ))
}

/// The user's Internet settings and the machine's WinHTTP proxy.
fn proxy() -> (Option<IeProxy>, Option<map::WinHttpProxy>) {
    use windows_sys::Win32::Networking::WinHttp::{
        WINHTTP_CURRENT_USER_IE_PROXY_CONFIG, WINHTTP_PROXY_INFO,
        WinHttpGetDefaultProxyConfiguration, WinHttpGetIEProxyConfigForCurrentUser,
    };
    /// Reads and frees a string WinHTTP allocated with GlobalAlloc.
    fn take(ptr: *mut u16) -> Option<String> {
        // SAFETY: WinHTTP gives null or a nul-terminated string it allocated.
        let text = unsafe { from_wide(ptr) };
        if !ptr.is_null() {
            // SAFETY: the string was allocated by WinHTTP with GlobalAlloc, and is freed once.
            unsafe { GlobalFree(ptr.cast()) };
        }
        text
    }
    let mut ie = WINHTTP_CURRENT_USER_IE_PROXY_CONFIG {
        fAutoDetect: 0,
        lpszAutoConfigUrl: std::ptr::null_mut(),
        lpszProxy: std::ptr::null_mut(),
        lpszProxyBypass: std::ptr::null_mut(),
    };
    // SAFETY: `ie` is a valid out-structure; its strings are taken (and freed) below.
    let ie = if unsafe { WinHttpGetIEProxyConfigForCurrentUser(&mut ie) } != 0 {
        Some(IeProxy {
            auto_detect: ie.fAutoDetect != 0,
            auto_config_url: take(ie.lpszAutoConfigUrl),
            proxy: take(ie.lpszProxy),
            bypass: take(ie.lpszProxyBypass),
        })
    } else {
        None
    };
    let mut machine = WINHTTP_PROXY_INFO {
        dwAccessType: 0,
        lpszProxy: std::ptr::null_mut(),
        lpszProxyBypass: std::ptr::null_mut(),
    };
    // SAFETY: as above.
    let machine = if unsafe { WinHttpGetDefaultProxyConfiguration(&mut machine) } != 0 {
        Some(map::WinHttpProxy {
            access_type: machine.dwAccessType,
            proxy: take(machine.lpszProxy),
            bypass: take(machine.lpszProxyBypass),
        })
    } else {
        None
    };
    (ie, machine)
}

/// The WLAN service, opened for one set of questions and closed after.
struct Wlan(windows_sys::Win32::Foundation::HANDLE);

impl Wlan {
    fn open() -> Option<Wlan> {
        let mut version = 0u32;
        let mut handle: windows_sys::Win32::Foundation::HANDLE = std::ptr::null_mut();
        // SAFETY: valid out-pointers; version 2 is the client version of Windows Vista on.
        let status = unsafe {
            windows_sys::Win32::NetworkManagement::WiFi::WlanOpenHandle(
                2,
                std::ptr::null(),
                &mut version,
                &mut handle,
            )
        };
        (status == ERROR_SUCCESS && !handle.is_null()).then_some(Wlan(handle))
    }

    /// Every Wi-Fi interface: its GUID as text, and the GUID itself.
    fn interfaces(&self) -> Vec<(String, windows_sys::core::GUID)> {
        use windows_sys::Win32::NetworkManagement::WiFi::{
            WLAN_INTERFACE_INFO, WLAN_INTERFACE_INFO_LIST, WlanEnumInterfaces, WlanFreeMemory,
        };
        let mut list: *mut WLAN_INTERFACE_INFO_LIST = std::ptr::null_mut();
        // SAFETY: an open handle and a valid out-pointer; the list is freed below.
        let status = unsafe { WlanEnumInterfaces(self.0, std::ptr::null(), &mut list) };
        if status != ERROR_SUCCESS || list.is_null() {
            return Vec::new();
        }
        // SAFETY: the list holds `dwNumberOfItems` entries laid out from `InterfaceInfo`.
        let items = unsafe {
            let count = usize::try_from((*list).dwNumberOfItems).unwrap_or(0);
            let first: *const WLAN_INTERFACE_INFO = (*list).InterfaceInfo.as_ptr();
            std::slice::from_raw_parts(first, count)
                .iter()
                .map(|i| (guid_text(&i.InterfaceGuid), i.InterfaceGuid))
                .collect()
        };
        // SAFETY: memory the WLAN API allocated, freed once.
        unsafe { WlanFreeMemory(list.cast()) };
        items
    }

    /// One answer about an interface, copied out before the WLAN API's memory is freed.
    fn query<T: Copy>(
        &self,
        guid: &windows_sys::core::GUID,
        opcode: windows_sys::Win32::NetworkManagement::WiFi::WLAN_INTF_OPCODE,
    ) -> Option<T> {
        use windows_sys::Win32::NetworkManagement::WiFi::{WlanFreeMemory, WlanQueryInterface};
        let mut size = 0u32;
        let mut data: *mut std::ffi::c_void = std::ptr::null_mut();
        // SAFETY: an open handle, a valid GUID and out-pointers; the data is freed below.
        let status = unsafe {
            WlanQueryInterface(
                self.0,
                guid,
                opcode,
                std::ptr::null(),
                &mut size,
                &mut data,
                std::ptr::null_mut(),
            )
        };
        if status != ERROR_SUCCESS || data.is_null() {
            return None;
        }
        let value = (usize::try_from(size).unwrap_or(0) >= std::mem::size_of::<T>())
            // SAFETY: the API wrote at least `size_of::<T>()` bytes of this opcode's type.
            .then(|| unsafe { std::ptr::read_unaligned(data.cast::<T>()) });
        // SAFETY: memory the WLAN API allocated, freed once.
        unsafe { WlanFreeMemory(data) };
        value
    }

    /// Every radio of every interface, with the interface it belongs to.
    fn radio_states(
        &self,
    ) -> Vec<(
        windows_sys::core::GUID,
        windows_sys::Win32::NetworkManagement::WiFi::WLAN_PHY_RADIO_STATE,
    )> {
        use windows_sys::Win32::NetworkManagement::WiFi::{
            WLAN_RADIO_STATE, wlan_intf_opcode_radio_state,
        };
        self.interfaces()
            .into_iter()
            .filter_map(|(_, guid)| {
                let state = self.query::<WLAN_RADIO_STATE>(&guid, wlan_intf_opcode_radio_state)?;
                Some((guid, state))
            })
            .flat_map(|(guid, state)| {
                let count = usize::try_from(state.dwNumberOfPhys)
                    .unwrap_or(0)
                    .min(state.PhyRadioState.len());
                state.PhyRadioState[..count]
                    .iter()
                    .map(|phy| (guid, *phy))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// Each radio's software and hardware switch, on or off.
    fn radios(&self) -> Vec<(bool, bool)> {
        use windows_sys::Win32::NetworkManagement::WiFi::dot11_radio_state_on;
        self.radio_states()
            .iter()
            .map(|(_, phy)| {
                (
                    phy.dot11SoftwareRadioState == dot11_radio_state_on,
                    phy.dot11HardwareRadioState == dot11_radio_state_on,
                )
            })
            .collect()
    }

    /// This user's access to the interface properties (a `WLAN_…_ACCESS` mask), which
    /// switching a radio on needs.
    fn interface_access(&self) -> Option<u32> {
        use windows_sys::Win32::NetworkManagement::WiFi::{
            WlanFreeMemory, WlanGetSecuritySettings, wlan_secure_interface_properties,
        };
        let mut value_type = 0;
        let mut sddl: windows_sys::core::PWSTR = std::ptr::null_mut();
        let mut granted = 0u32;
        // SAFETY: an open handle and valid out-pointers; the descriptor text is freed below.
        let status = unsafe {
            WlanGetSecuritySettings(
                self.0,
                wlan_secure_interface_properties,
                &mut value_type,
                &mut sddl,
                &mut granted,
            )
        };
        if !sddl.is_null() {
            // SAFETY: memory the WLAN API allocated, freed once.
            unsafe { WlanFreeMemory(sddl.cast()) };
        }
        (status == ERROR_SUCCESS).then_some(granted)
    }

    /// Switches on, in software, every radio that is off in software and on at its hardware
    /// switch; how many it switched.
    fn switch_radios_on(&self) -> Result<usize, OsError> {
        use windows_sys::Win32::Foundation::ERROR_ACCESS_DENIED;
        use windows_sys::Win32::NetworkManagement::WiFi::{
            WLAN_PHY_RADIO_STATE, WlanSetInterface, dot11_radio_state_on,
            wlan_intf_opcode_radio_state,
        };
        let mut switched = 0;
        for (guid, phy) in self.radio_states() {
            if phy.dot11SoftwareRadioState == dot11_radio_state_on
                || phy.dot11HardwareRadioState != dot11_radio_state_on
            {
                continue;
            }
            let wanted = WLAN_PHY_RADIO_STATE {
                dot11SoftwareRadioState: dot11_radio_state_on,
                ..phy
            };
            // SAFETY: an open handle, a GUID the service listed and the opcode's structure
            // with its size.
            let status = unsafe {
                WlanSetInterface(
                    self.0,
                    &guid,
                    wlan_intf_opcode_radio_state,
                    size32(std::mem::size_of::<WLAN_PHY_RADIO_STATE>()),
                    std::ptr::from_ref(&wanted).cast(),
                    std::ptr::null(),
                )
            };
            match status {
                ERROR_SUCCESS => switched += 1,
                ERROR_ACCESS_DENIED => {
                    return Err(OsError::new(
                        OsErrorKind::PermissionDenied,
                        "Windows does not let this account switch Wi-Fi on",
                    ));
                }
                other => {
                    return Err(std::io::Error::from_raw_os_error(
                        i32::try_from(other).unwrap_or(-1),
                    )
                    .into());
                }
            }
        }
        Ok(switched)
    }

    fn connection(&self, guid: &windows_sys::core::GUID) -> Option<map::WlanConnection> {
        use windows_sys::Win32::NetworkManagement::WiFi::{
            WLAN_CONNECTION_ATTRIBUTES, wlan_intf_opcode_current_connection, wlan_intf_opcode_rssi,
        };
        let attributes: WLAN_CONNECTION_ATTRIBUTES =
            self.query(guid, wlan_intf_opcode_current_connection)?;
        let association = &attributes.wlanAssociationAttributes;
        let ssid_len = usize::try_from(association.dot11Ssid.uSSIDLength)
            .unwrap_or(0)
            .min(association.dot11Ssid.ucSSID.len());
        let security = &attributes.wlanSecurityAttributes;
        Some(map::WlanConnection {
            state: u32::try_from(attributes.isState).unwrap_or(0),
            ssid: association.dot11Ssid.ucSSID[..ssid_len].to_vec(),
            signal_quality: association.wlanSignalQuality,
            rssi: self.query::<i32>(guid, wlan_intf_opcode_rssi),
            phy_type: u32::try_from(association.dot11PhyType).unwrap_or(0),
            security_enabled: security.bSecurityEnabled != 0,
            one_x_enabled: security.bOneXEnabled != 0,
            auth: u32::try_from(security.dot11AuthAlgorithm).unwrap_or(0),
            cipher: u32::try_from(security.dot11CipherAlgorithm).unwrap_or(0),
        })
    }
}

impl Drop for Wlan {
    fn drop(&mut self) {
        // SAFETY: a handle WlanOpenHandle gave, closed once.
        unsafe {
            windows_sys::Win32::NetworkManagement::WiFi::WlanCloseHandle(self.0, std::ptr::null())
        };
    }
}

/// A GUID as Windows writes it in adapter names: `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`.
fn guid_text(guid: &windows_sys::core::GUID) -> String {
    let d = guid.data4;
    format!(
        "{{{:08X}-{:04X}-{:04X}-{:02X}{:02X}-{:02X}{:02X}{:02X}{:02X}{:02X}{:02X}}}",
        guid.data1, guid.data2, guid.data3, d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]
    )
}

/// The adapter name (its GUID) behind a friendly name.
fn adapter_guid(friendly: &str) -> Option<String> {
    netdev::get_interfaces()
        .into_iter()
        .find(|i| i.friendly_name.as_deref() == Some(friendly) || i.name == friendly)
        .map(|i| i.name)
}

/// One ICMP echo through the system's ICMP service, which needs no privilege (raw sockets
/// do). Blocks for at most `limit`.
pub fn icmp_echo(ip: IpAddr, limit: Duration) -> map::Echo {
    use windows_sys::Win32::NetworkManagement::IpHelper::{
        ICMP_ECHO_REPLY, ICMPV6_ECHO_REPLY_LH, Icmp6CreateFile, Icmp6SendEcho2, IcmpCloseHandle,
        IcmpCreateFile, IcmpSendEcho2,
    };
    use windows_sys::Win32::Networking::WinSock::{AF_INET6, SOCKADDR_IN6};
    let payload = [0x43u8; 16];
    let timeout = u32::try_from(limit.as_millis()).unwrap_or(u32::MAX).max(1);
    // Room for the reply, its payload, and an ICMP error's quoted header.
    let mut reply = vec![0u64; 64];
    let reply_size = size32(reply.len() * 8);
    // SAFETY: no arguments; the handle is closed below.
    let handle = unsafe {
        match ip {
            IpAddr::V4(_) => IcmpCreateFile(),
            IpAddr::V6(_) => Icmp6CreateFile(),
        }
    };
    if handle.is_null() || handle as isize == -1 {
        return map::Echo::Failed(format!(
            "the ICMP service could not be opened ({})",
            std::io::Error::last_os_error()
        ));
    }
    let count = match ip {
        IpAddr::V4(v4) => {
            // SAFETY: an open handle, no event or callback (so the call waits), a valid
            // payload and a reply buffer of `reply_size` bytes, aligned for the reply.
            unsafe {
                IcmpSendEcho2(
                    handle,
                    std::ptr::null_mut(),
                    None,
                    std::ptr::null(),
                    u32::from_ne_bytes(v4.octets()),
                    payload.as_ptr().cast(),
                    16,
                    std::ptr::null(),
                    reply.as_mut_ptr().cast(),
                    reply_size,
                    timeout,
                )
            }
        }
        IpAddr::V6(v6) => {
            // SAFETY: all-zero is a valid SOCKADDR_IN6 (the unspecified source address).
            let source: SOCKADDR_IN6 = unsafe { std::mem::zeroed() };
            let mut destination = source;
            destination.sin6_family = AF_INET6;
            destination.sin6_addr.u.Byte = v6.octets();
            // SAFETY: as for IPv4, with valid source and destination addresses.
            unsafe {
                Icmp6SendEcho2(
                    handle,
                    std::ptr::null_mut(),
                    None,
                    std::ptr::null(),
                    &source,
                    &destination,
                    payload.as_ptr().cast(),
                    16,
                    std::ptr::null(),
                    reply.as_mut_ptr().cast(),
                    reply_size,
                    timeout,
                )
            }
        }
    };
    let error = std::io::Error::last_os_error();
    // SAFETY: the handle is closed once.
    unsafe { IcmpCloseHandle(handle) };
    if count == 0 {
        // The error code is the reply's status (IP_REQ_TIMED_OUT …) when there is none.
        return match error.raw_os_error().and_then(|c| u32::try_from(c).ok()) {
            Some(status) if status >= 11000 => map::echo_of(status, 0),
            _ => map::Echo::Failed(error.to_string()),
        };
    }
    // SAFETY: the call wrote at least one reply of the family's type at the buffer's start.
    let (status, round_trip) = unsafe {
        match ip {
            IpAddr::V4(_) => {
                let r = reply.as_ptr().cast::<ICMP_ECHO_REPLY>().read();
                (r.Status, r.RoundTripTime)
            }
            IpAddr::V6(_) => {
                let r = reply.as_ptr().cast::<ICMPV6_ECHO_REPLY_LH>().read();
                (r.Status, r.RoundTripTime)
            }
        }
    };
    map::echo_of(status, round_trip)
}

/// The neighbour table's entry for `ip` from `GetIpNetTable2`; `Err` when the table cannot be
/// read that way (Wine does not implement it).
fn neighbour_table2(ip: IpAddr) -> Result<Option<Neighbour>, ()> {
    use windows_sys::Win32::NetworkManagement::IpHelper::{
        FreeMibTable, GetIpNetTable2, MIB_IPNET_TABLE2,
    };
    use windows_sys::Win32::Networking::WinSock::{AF_INET, AF_INET6, AF_UNSPEC};
    let mut table: *mut MIB_IPNET_TABLE2 = std::ptr::null_mut();
    // SAFETY: a valid out-pointer; the table is freed below.
    let status = unsafe { GetIpNetTable2(AF_UNSPEC, &mut table) };
    if status != ERROR_SUCCESS || table.is_null() {
        return Err(());
    }
    // SAFETY: the table holds `NumEntries` rows laid out from `Table`; each row's address is
    // read through the member its family names.
    let found = unsafe {
        let count = usize::try_from((*table).NumEntries).unwrap_or(0);
        std::slice::from_raw_parts((*table).Table.as_ptr(), count)
            .iter()
            .find(|row| {
                let family = row.Address.si_family;
                match ip {
                    IpAddr::V4(v4) => {
                        family == AF_INET
                            && row.Address.Ipv4.sin_addr.S_un.S_addr
                                == u32::from_ne_bytes(v4.octets())
                    }
                    IpAddr::V6(v6) => {
                        family == AF_INET6 && row.Address.Ipv6.sin6_addr.u.Byte == v6.octets()
                    }
                }
            })
            .map(|row| {
                let len = usize::try_from(row.PhysicalAddressLength)
                    .unwrap_or(0)
                    .min(row.PhysicalAddress.len());
                map::neighbour_of(row.State, &row.PhysicalAddress[..len])
            })
    };
    // SAFETY: a table GetIpNetTable2 allocated, freed once.
    unsafe { FreeMibTable(table.cast()) };
    Ok(found)
}

/// The IPv4 neighbour table (`GetIpNetTable`), where `GetIpNetTable2` fails.
fn neighbour_v4(ip: std::net::Ipv4Addr) -> Option<Neighbour> {
    use windows_sys::Win32::NetworkManagement::IpHelper::{
        GetIpNetTable, MIB_IPNETROW_LH, MIB_IPNETTABLE,
    };
    let mut size = 0u32;
    // SAFETY: a null table with size 0 asks for the size needed.
    let status = unsafe { GetIpNetTable(std::ptr::null_mut(), &mut size, 0) };
    if status != ERROR_INSUFFICIENT_BUFFER || size == 0 {
        return None;
    }
    // Room for a few more rows, in case the table grew in between; u64s keep it aligned.
    let bytes = usize::try_from(size).ok()? + 16 * std::mem::size_of::<MIB_IPNETROW_LH>();
    let mut buffer = vec![0u64; bytes.div_ceil(8)];
    let mut size = u32::try_from(buffer.len() * 8).ok()?;
    let table = buffer.as_mut_ptr().cast::<MIB_IPNETTABLE>();
    // SAFETY: the buffer holds `size` bytes, aligned for the table.
    let status = unsafe { GetIpNetTable(table, &mut size, 0) };
    if status != ERROR_SUCCESS {
        return None;
    }
    // SAFETY: the table says how many rows follow; they fit in the buffer the call filled.
    let rows = unsafe {
        let count = usize::try_from((*table).dwNumEntries).unwrap_or(0);
        let room = (buffer.len() * 8).saturating_sub(std::mem::size_of::<u32>() * 2)
            / std::mem::size_of::<MIB_IPNETROW_LH>();
        std::slice::from_raw_parts((*table).table.as_ptr(), count.min(room))
    };
    let wanted = u32::from_ne_bytes(ip.octets());
    let row = rows.iter().find(|row| row.dwAddr == wanted)?;
    // SAFETY: both views of the union are a u32.
    let kind = unsafe { row.Anonymous.dwType };
    // 2 invalid, 3 dynamic, 4 static: as the newer table's reachable and permanent.
    let state = match kind {
        3 => 5,
        4 => 6,
        _ => 0,
    };
    let len = usize::try_from(row.dwPhysAddrLen)
        .unwrap_or(0)
        .min(row.bPhysAddr.len());
    Some(map::neighbour_of(state, &row.bPhysAddr[..len]))
}

/// An Event Log handle, closed when dropped.
struct Evt(windows_sys::Win32::System::EventLog::EVT_HANDLE);

impl Drop for Evt {
    fn drop(&mut self) {
        if self.0 != 0 {
            // SAFETY: a handle the Event Log API gave, closed once.
            unsafe { windows_sys::Win32::System::EventLog::EvtClose(self.0) };
        }
    }
}

/// An event as XML, or its formatted message, through a buffer sized by the first call.
fn evt_text(mut call: impl FnMut(u32, *mut u16, &mut u32) -> i32) -> Option<String> {
    let mut used = 0u32;
    call(0, std::ptr::null_mut(), &mut used);
    if used == 0 {
        return None;
    }
    // EvtRender counts bytes, EvtFormatMessage characters: room for either.
    let mut buffer = vec![0u16; usize::try_from(used).ok()? + 1];
    let size = u32::try_from(buffer.len()).ok()?;
    if call(size, buffer.as_mut_ptr(), &mut used) == 0 {
        return None;
    }
    Some(from_wide_array(&buffer))
}

/// Warnings, errors and critical events of one Event Log channel written since `since`
/// (Unix seconds), oldest first, read within `limit` and capped like every log.
fn event_log(channel: &str, since: u64, limit: Duration) -> Result<Vec<LogLine>, String> {
    use windows_sys::Win32::System::EventLog::{
        EvtFormatMessage, EvtFormatMessageEvent, EvtNext, EvtOpenPublisherMetadata, EvtQuery,
        EvtQueryChannelPath, EvtQueryForwardDirection, EvtRender, EvtRenderEventXml,
    };
    let started = std::time::Instant::now();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let path = wide(channel);
    let query = wide(&map::event_query(since, now));
    // SAFETY: the local session, nul-terminated channel and query; closed when dropped.
    let results = Evt(unsafe {
        EvtQuery(
            0,
            path.as_ptr(),
            query.as_ptr(),
            EvtQueryChannelPath | EvtQueryForwardDirection,
        )
    });
    if results.0 == 0 {
        return Err(format!(
            "the {channel} event log could not be read ({})",
            std::io::Error::last_os_error()
        ));
    }
    let mut publishers: std::collections::HashMap<String, Evt> = std::collections::HashMap::new();
    let mut lines = Vec::new();
    let mut bytes = 0usize;
    'read: while started.elapsed() < limit && lines.len() < super::MAX_LOG_LINES {
        let mut handles = [0isize; 32];
        let mut returned = 0u32;
        let wait =
            u32::try_from(limit.saturating_sub(started.elapsed()).as_millis()).unwrap_or(u32::MAX);
        // SAFETY: an open result set and room for 32 handles, each closed below.
        let ok = unsafe {
            EvtNext(
                results.0,
                size32(handles.len()),
                handles.as_mut_ptr(),
                wait,
                0,
                &mut returned,
            )
        };
        if ok == 0 {
            break;
        }
        let events: Vec<Evt> = handles[..usize::try_from(returned).unwrap_or(0).min(32)]
            .iter()
            .map(|h| Evt(*h))
            .collect();
        for event in &events {
            let Some(xml) = evt_text(|size, buffer, used| {
                let mut properties = 0u32;
                // SAFETY: a valid event; `size` bytes of buffer (the buffer holds twice that).
                unsafe {
                    EvtRender(
                        0,
                        event.0,
                        EvtRenderEventXml,
                        size.saturating_mul(2),
                        buffer.cast(),
                        used,
                        &mut properties,
                    )
                }
            }) else {
                continue;
            };
            let provider = super::windows_map::event_provider(&xml).unwrap_or_default();
            let metadata = publishers.entry(provider.clone()).or_insert_with(|| {
                let name = wide(&provider);
                // SAFETY: the local session and a nul-terminated publisher name.
                Evt(unsafe { EvtOpenPublisherMetadata(0, name.as_ptr(), std::ptr::null(), 0, 0) })
            });
            let message = (metadata.0 != 0)
                .then(|| {
                    evt_text(|size, buffer, used| {
                        // SAFETY: valid publisher metadata and event; `size` characters.
                        unsafe {
                            EvtFormatMessage(
                                metadata.0,
                                event.0,
                                0,
                                0,
                                std::ptr::null(),
                                EvtFormatMessageEvent,
                                size,
                                buffer,
                                used,
                            )
                        }
                    })
                })
                .flatten();
            if let Some(mut line) = map::event_line(&xml, message.as_deref()) {
                if line.text.chars().count() > super::MAX_LOG_LINE_CHARS {
                    line.text = line.text.chars().take(super::MAX_LOG_LINE_CHARS).collect();
                }
                bytes += line.text.len();
                lines.push(line);
                if bytes > super::MAX_LOG_READ_BYTES || lines.len() >= super::MAX_LOG_LINES {
                    break 'read;
                }
            }
        }
    }
    Ok(lines)
}

/// Whether the Print Spooler service runs: Some(false) when it is stopped; None when the
/// service manager cannot say (no such service, as under Wine, or no right to ask).
fn spooler_running() -> Option<bool> {
    use windows_sys::Win32::System::Services::{
        CloseServiceHandle, OpenSCManagerW, OpenServiceW, QueryServiceStatus, SC_MANAGER_CONNECT,
        SERVICE_QUERY_STATUS, SERVICE_RUNNING, SERVICE_STATUS,
    };
    // SAFETY: null machine and database names mean this machine's active database.
    let manager = unsafe { OpenSCManagerW(std::ptr::null(), std::ptr::null(), SC_MANAGER_CONNECT) };
    if manager.is_null() {
        return None;
    }
    let name = wide("Spooler");
    // SAFETY: an open manager and a nul-terminated name; query rights only.
    let service = unsafe { OpenServiceW(manager, name.as_ptr(), SERVICE_QUERY_STATUS) };
    // No such service (Wine has none), or no right to ask: unknown.
    let running = if service.is_null() {
        None
    } else {
        let mut status = SERVICE_STATUS {
            dwServiceType: 0,
            dwCurrentState: 0,
            dwControlsAccepted: 0,
            dwWin32ExitCode: 0,
            dwServiceSpecificExitCode: 0,
            dwCheckPoint: 0,
            dwWaitHint: 0,
        };
        // SAFETY: an open service handle and a valid out-structure.
        let ok = unsafe { QueryServiceStatus(service, &mut status) };
        // SAFETY: the handle is closed once.
        unsafe { CloseServiceHandle(service) };
        (ok != 0).then_some(status.dwCurrentState == SERVICE_RUNNING)
    };
    // SAFETY: the handle is closed once.
    unsafe { CloseServiceHandle(manager) };
    running
}

/// Calls an `Enum…W` function twice: once for the size, once to fill an aligned buffer.
/// Gives the buffer and the number of entries.
fn enumerate(
    mut call: impl FnMut(*mut u8, u32, &mut u32, &mut u32) -> i32,
) -> Result<(Vec<u64>, usize), OsError> {
    let (mut needed, mut count) = (0u32, 0u32);
    let ok = call(std::ptr::null_mut(), 0, &mut needed, &mut count);
    if ok != 0 && needed == 0 {
        return Ok((Vec::new(), 0));
    }
    let error = std::io::Error::last_os_error();
    if needed == 0 {
        return Err(error.into());
    }
    // Room for what was added in between.
    let bytes = usize::try_from(needed).unwrap_or(0) + 4096;
    let mut buffer = vec![0u64; bytes.div_ceil(8)];
    let size = size32(buffer.len() * 8);
    let ok = call(buffer.as_mut_ptr().cast(), size, &mut needed, &mut count);
    if ok == 0 {
        return Err(last_error());
    }
    Ok((buffer, usize::try_from(count).unwrap_or(0)))
}

/// Every printer, local and connected, as `EnumPrintersW` level 2 lists it.
fn spooler_printers() -> Result<Vec<SpoolerPrinter>, OsError> {
    use windows_sys::Win32::Graphics::Printing::{
        EnumPrintersW, PRINTER_ENUM_CONNECTIONS, PRINTER_ENUM_LOCAL, PRINTER_INFO_2W,
    };
    let (buffer, count) = enumerate(|buf, size, needed, returned| {
        // SAFETY: `buf` holds `size` bytes (or is null with size 0, to ask the size).
        unsafe {
            EnumPrintersW(
                PRINTER_ENUM_LOCAL | PRINTER_ENUM_CONNECTIONS,
                std::ptr::null(),
                2,
                buf,
                size,
                needed,
                returned,
            )
        }
    })?;
    if count == 0 {
        return Ok(Vec::new());
    }
    let room = buffer.len() * 8 / std::mem::size_of::<PRINTER_INFO_2W>();
    // SAFETY: the spooler wrote `count` structures at the start of the buffer, which is
    // aligned for them; their strings point into the same buffer.
    let printers: Vec<SpoolerPrinter> = unsafe {
        std::slice::from_raw_parts(buffer.as_ptr().cast::<PRINTER_INFO_2W>(), count.min(room))
            .iter()
            .map(|p| SpoolerPrinter {
                name: from_wide(p.pPrinterName).unwrap_or_default(),
                port: from_wide(p.pPortName).unwrap_or_default(),
                tcp_port: None,
                status: p.Status,
                attributes: p.Attributes,
                jobs: p.cJobs,
            })
            .collect()
    };
    // The address of a standard TCP/IP port is in its settings, whatever the port's name.
    Ok(printers
        .into_iter()
        .map(|printer| SpoolerPrinter {
            tcp_port: tcp_port(
                windows_sys::Win32::System::Registry::HKEY_LOCAL_MACHINE,
                TCP_PORTS_KEY,
                &printer.port,
            ),
            ..printer
        })
        .collect())
}

/// Where Windows lists the printers set up on this computer, one subkey each (under
/// `HKEY_LOCAL_MACHINE`, readable by every user).
const PRINTERS_KEY: &str = r"SYSTEM\CurrentControlSet\Control\Print\Printers";

/// A registry key opened read-only, closed when dropped.
struct RegKey(windows_sys::Win32::System::Registry::HKEY);

impl RegKey {
    fn open(root: windows_sys::Win32::System::Registry::HKEY, path: &str) -> Option<RegKey> {
        use windows_sys::Win32::System::Registry::{KEY_READ, RegOpenKeyExW};
        let path = wide(path);
        let mut key = std::ptr::null_mut();
        // SAFETY: a predefined or open key, a nul-terminated path and a valid out-key.
        let status = unsafe { RegOpenKeyExW(root, path.as_ptr(), 0, KEY_READ, &mut key) };
        (status == ERROR_SUCCESS).then_some(RegKey(key))
    }

    /// How many subkeys it has.
    fn subkeys(&self) -> Option<u32> {
        use windows_sys::Win32::System::Registry::RegQueryInfoKeyW;
        let mut count = 0u32;
        let null: *mut u32 = std::ptr::null_mut();
        // SAFETY: an open key; every answer but the subkey count is declined with null.
        let status = unsafe {
            RegQueryInfoKeyW(
                self.0,
                null.cast(),
                null,
                std::ptr::null(),
                &mut count,
                null,
                null,
                null,
                null,
                null,
                null,
                null.cast(),
            )
        };
        (status == ERROR_SUCCESS).then_some(count)
    }

    /// Value `name` of the type `flags` allows, written into `out`; false when it is missing,
    /// of another type or larger than `out`.
    fn read<T: Copy>(&self, name: &str, flags: u32, out: &mut [T]) -> bool {
        use windows_sys::Win32::System::Registry::RegGetValueW;
        let name = wide(name);
        let mut bytes = size32(std::mem::size_of_val(out));
        // SAFETY: an open key, a nul-terminated name and a buffer of the size passed, which
        // the call writes only within.
        let status = unsafe {
            RegGetValueW(
                self.0,
                std::ptr::null(),
                name.as_ptr(),
                flags,
                std::ptr::null_mut(),
                out.as_mut_ptr().cast(),
                &mut bytes,
            )
        };
        status == ERROR_SUCCESS
    }

    /// A text value (`REG_SZ`), at most 1024 characters; None when missing or empty. The
    /// call ends the text with a nul within the buffer.
    fn text(&self, name: &str) -> Option<String> {
        use windows_sys::Win32::System::Registry::RRF_RT_REG_SZ;
        let mut buffer = vec![0u16; 1025];
        self.read(name, RRF_RT_REG_SZ, &mut buffer)
            .then(|| from_wide_array(&buffer))
            .filter(|text| !text.trim().is_empty())
    }

    /// A number value (`REG_DWORD`).
    fn dword(&self, name: &str) -> Option<u32> {
        use windows_sys::Win32::System::Registry::RRF_RT_REG_DWORD;
        let mut value = 0u32;
        self.read(name, RRF_RT_REG_DWORD, std::slice::from_mut(&mut value))
            .then_some(value)
    }
}

impl Drop for RegKey {
    fn drop(&mut self) {
        // SAFETY: a key RegOpenKeyExW opened, closed once.
        unsafe { windows_sys::Win32::System::Registry::RegCloseKey(self.0) };
    }
}

/// How many subkeys a key under `HKEY_LOCAL_MACHINE` has.
fn registry_subkeys(path: &str) -> Option<u32> {
    RegKey::open(
        windows_sys::Win32::System::Registry::HKEY_LOCAL_MACHINE,
        path,
    )?
    .subkeys()
}

/// Where the standard TCP/IP port monitor keeps each port's settings (under
/// `HKEY_LOCAL_MACHINE`, readable by every user).
const TCP_PORTS_KEY: &str =
    r"SYSTEM\CurrentControlSet\Control\Print\Monitors\Standard TCP/IP Port\Ports";

/// A printer's standard TCP/IP port settings (the first port of a pool), from `ports` under
/// `root`; None for any other kind of port.
fn tcp_port(
    root: windows_sys::Win32::System::Registry::HKEY,
    ports: &str,
    port: &str,
) -> Option<map::TcpPort> {
    let name = port.split(',').next()?.trim();
    if name.is_empty() || name.contains('\\') {
        return None;
    }
    let key = RegKey::open(root, &format!("{ports}\\{name}"))?;
    let found = map::TcpPort {
        host_name: key.text("HostName"),
        ip_address: key.text("IPAddress"),
        protocol: key.dword("Protocol"),
        port_number: key.dword("PortNumber"),
    };
    (found != map::TcpPort::default()).then_some(found)
}

/// An open printer, closed when dropped.
struct OpenPrinter(windows_sys::Win32::Graphics::Printing::PRINTER_HANDLE);

impl OpenPrinter {
    /// Opens a printer with `access` (`PRINTER_ACCESS_ADMINISTER`), or with the user's default
    /// access (use, and managing their own documents) when None.
    fn open(name: &str, access: Option<u32>) -> Result<OpenPrinter, OsError> {
        use windows_sys::Win32::Graphics::Printing::{
            OpenPrinterW, PRINTER_DEFAULTSW, PRINTER_HANDLE,
        };
        let name = wide(name);
        let mut handle = PRINTER_HANDLE {
            Value: std::ptr::null_mut(),
        };
        let defaults = access.map(|access| PRINTER_DEFAULTSW {
            pDatatype: std::ptr::null_mut(),
            pDevMode: std::ptr::null_mut(),
            DesiredAccess: access,
        });
        let defaults_ptr = defaults
            .as_ref()
            .map_or(std::ptr::null(), std::ptr::from_ref);
        // SAFETY: a nul-terminated name, a valid out-handle, and null or valid defaults.
        if unsafe { OpenPrinterW(name.as_ptr(), &mut handle, defaults_ptr) } == 0 {
            return Err(last_error());
        }
        Ok(OpenPrinter(handle))
    }
}

impl Drop for OpenPrinter {
    fn drop(&mut self) {
        // SAFETY: a handle OpenPrinterW gave, closed once.
        unsafe { windows_sys::Win32::Graphics::Printing::ClosePrinter(self.0) };
    }
}

/// Every job of one printer, as `EnumJobsW` level 1 lists them.
fn spooler_jobs(printer: &str) -> Result<Vec<SpoolerJob>, OsError> {
    use windows_sys::Win32::Graphics::Printing::{EnumJobsW, JOB_INFO_1W};
    let open = OpenPrinter::open(printer, None)?;
    let result = enumerate(|buf, size, needed, returned| {
        // SAFETY: an open printer; `buf` holds `size` bytes (or is null with size 0).
        unsafe { EnumJobsW(open.0, 0, 1000, 1, buf, size, needed, returned) }
    });
    drop(open);
    let (buffer, count) = result?;
    let room = buffer.len() * 8 / std::mem::size_of::<JOB_INFO_1W>().max(1);
    // SAFETY: as for printers: `count` structures at the start of an aligned buffer.
    let jobs = unsafe {
        std::slice::from_raw_parts(buffer.as_ptr().cast::<JOB_INFO_1W>(), count.min(room))
            .iter()
            .map(|j| SpoolerJob {
                id: j.JobId,
                printer: from_wide(j.pPrinterName).unwrap_or_else(|| printer.to_owned()),
                document: from_wide(j.pDocument).unwrap_or_default(),
                user: from_wide(j.pUserName).unwrap_or_default(),
                status: j.Status,
                submitted: Some((
                    j.Submitted.wYear,
                    j.Submitted.wMonth,
                    j.Submitted.wDay,
                    j.Submitted.wHour,
                    j.Submitted.wMinute,
                    j.Submitted.wSecond,
                )),
            })
            .collect()
    };
    Ok(jobs)
}

fn default_printer() -> Result<Option<String>, OsError> {
    let mut len = 0u32;
    // SAFETY: a null buffer with length 0 asks for the length.
    unsafe {
        windows_sys::Win32::Graphics::Printing::GetDefaultPrinterW(std::ptr::null_mut(), &mut len)
    };
    if len == 0 {
        // ERROR_FILE_NOT_FOUND: no default printer is set.
        return Ok(None);
    }
    let mut buffer = vec![0u16; usize::try_from(len).unwrap_or(0) + 1];
    let mut len = size32(buffer.len());
    // SAFETY: the buffer's length is passed.
    let ok = unsafe {
        windows_sys::Win32::Graphics::Printing::GetDefaultPrinterW(buffer.as_mut_ptr(), &mut len)
    };
    if ok == 0 {
        return Err(last_error());
    }
    Ok(Some(from_wide_array(&buffer)).filter(|n| !n.is_empty()))
}

fn print_error(error: OsError) -> PrintError {
    if error.kind == OsErrorKind::PermissionDenied {
        PrintError::NotPermitted(error.message)
    } else {
        PrintError::Other(error.message)
    }
}

/// What a repair asks of the spooler, with the user's own rights.
fn spooler_act(action: &PrintAction) -> Result<(), PrintError> {
    use windows_sys::Win32::Graphics::Printing::{
        JOB_CONTROL_DELETE, JOB_CONTROL_RESUME, PRINTER_ACCESS_ADMINISTER, PRINTER_CONTROL_RESUME,
        SetJobW, SetPrinterW,
    };
    match action {
        PrintAction::Resume(name) => {
            let open =
                OpenPrinter::open(name, Some(PRINTER_ACCESS_ADMINISTER)).map_err(print_error)?;
            // SAFETY: an open printer; level 0 with a command takes no structure.
            if unsafe { SetPrinterW(open.0, 0, std::ptr::null(), PRINTER_CONTROL_RESUME) } == 0 {
                return Err(print_error(last_error()));
            }
            Ok(())
        }
        PrintAction::AcceptJobs(_) => Err(PrintError::Other(
            "Windows printers do not refuse documents".to_owned(),
        )),
        PrintAction::CancelJob(id) | PrintAction::ReleaseJob(id) => {
            let id = u32::try_from(*id)
                .map_err(|_| PrintError::Other(format!("no document numbered {id}")))?;
            let printer = spooler_printers()
                .map_err(print_error)?
                .into_iter()
                .find(|p| spooler_jobs(&p.name).is_ok_and(|jobs| jobs.iter().any(|j| j.id == id)))
                .ok_or_else(|| PrintError::Other(format!("the document {id} is gone")))?;
            let command = if matches!(action, PrintAction::CancelJob(_)) {
                JOB_CONTROL_DELETE
            } else {
                JOB_CONTROL_RESUME
            };
            let open = OpenPrinter::open(&printer.name, None).map_err(print_error)?;
            // SAFETY: an open printer; level 0 with a command takes no structure.
            if unsafe { SetJobW(open.0, id, 0, std::ptr::null(), command) } == 0 {
                return Err(print_error(last_error()));
            }
            Ok(())
        }
    }
}

/// The Windows print spooler, asked through winspool.
#[derive(Debug, Clone, Copy, Default)]
pub struct Spooler;

impl Spooler {
    async fn ask<T: Send + 'static>(
        limit: Duration,
        work: impl FnOnce() -> Result<T, PrintError> + Send + 'static,
    ) -> Result<T, PrintError> {
        crate::detached::run(limit, work)
            .await
            .map_err(|_| PrintError::Timeout(limit))?
    }
}

impl PrintSystem for Spooler {
    fn info(&self) -> PrintSystemInfo {
        PrintSystemInfo {
            kind: "windows-spooler".to_owned(),
            server: Server::Spooler.to_string(),
        }
    }

    /// A stopped Print Spooler service answers nothing: the same as a print server that
    /// does not listen.
    fn queues(&self, limit: Duration) -> PrintFuture<'_, (Vec<Queue>, Duration)> {
        Box::pin(Self::ask(limit, || {
            let started = std::time::Instant::now();
            // The printer list fails while the Print Spooler service is stopped; the service
            // manager then says why.
            let printers = spooler_printers().map_err(|error| {
                if spooler_running() == Some(false) {
                    PrintError::NotListening("the Print Spooler service".to_owned())
                } else {
                    print_error(error)
                }
            })?;
            let queues = printers.iter().map(map::queue_of).collect();
            Ok((queues, started.elapsed()))
        }))
    }

    fn jobs(&self, limit: Duration) -> PrintFuture<'_, Vec<Job>> {
        Box::pin(Self::ask(limit, || {
            let mut jobs = Vec::new();
            for printer in spooler_printers().map_err(print_error)? {
                // A printer that cannot be opened lists no jobs; the others still do.
                if let Ok(found) = spooler_jobs(&printer.name) {
                    jobs.extend(found.iter().map(map::job_of));
                }
            }
            Ok(jobs)
        }))
    }

    fn default_queue(&self, limit: Duration) -> PrintFuture<'_, Option<String>> {
        Box::pin(Self::ask(limit, || default_printer().map_err(print_error)))
    }

    /// Resuming a printer needs the Manage Printers permission, which Windows gives
    /// administrators; a user manages their own documents without it. Predicted from this
    /// process's token: an administrator's account has the permission in force only when
    /// Checkup was started with administrator rights.
    fn rights(&self) -> PrintRights {
        if elevated() {
            PrintRights {
                admin: true,
                reason: "Checkup runs with administrator rights, which manage printers".to_owned(),
            }
        } else {
            PrintRights::denied(
                "managing printers on Windows needs the Manage Printers permission, which only administrator rights give",
            )
        }
    }

    fn act(&self, action: &PrintAction, limit: Duration) -> PrintFuture<'_, ()> {
        let action = action.clone();
        Box::pin(Self::ask(limit, move || spooler_act(&action)))
    }

    /// The print service's own event log (`Microsoft-Windows-PrintService/Admin`).
    fn log_lines(&self, since: u64, limit: Duration) -> PrintFuture<'_, Vec<super::LogLine>> {
        Box::pin(Self::ask(limit + Duration::from_millis(200), move || {
            event_log("Microsoft-Windows-PrintService/Admin", since, limit)
                .map_err(PrintError::Other)
        }))
    }
}

impl Platform for Windows {
    /// Not counting time asleep or hibernating.
    fn awake_time(&self) -> Result<Duration, OsError> {
        let mut hundred_ns: u64 = 0;
        // SAFETY: QueryUnbiasedInterruptTime writes one u64 through a valid, exclusive pointer.
        let ok = unsafe {
            windows_sys::Win32::System::WindowsProgramming::QueryUnbiasedInterruptTime(
                &mut hundred_ns,
            )
        };
        if ok == 0 {
            return Err(last_error());
        }
        Ok(Duration::from_nanos(hundred_ns.saturating_mul(100)))
    }

    fn pressure(&self, _resource: &str) -> Result<Pressure, OsError> {
        Err(OsError::unsupported(
            "Windows has no pressure stall information",
        ))
    }

    /// Pages read in for hard page faults: Windows' swapping signal.
    fn swap_activity(&self) -> Result<u64, OsError> {
        pages_input()
    }

    /// Windows keeps no load average.
    fn load_average(&self) -> Option<(f64, f64, f64)> {
        None
    }

    /// Two readings of `GetSystemTimes`, `window` apart.
    fn cpu_busy(&self, window: Duration) -> Result<f64, OsError> {
        let before = cpu_times()?;
        std::thread::sleep(window);
        let after = cpu_times()?;
        map::cpu_busy_percent(before, after)
            .ok_or_else(|| OsError::new(OsErrorKind::Other, "the processor times did not advance"))
    }

    fn home_dir(&self) -> Option<PathBuf> {
        std::env::var_os("USERPROFILE")
            .filter(|h| !h.is_empty())
            .map(PathBuf::from)
    }

    fn user_name(&self) -> Option<String> {
        std::env::var("USERNAME").ok().filter(|n| !n.is_empty())
    }

    fn system_profile_path(&self) -> Option<PathBuf> {
        std::env::var_os("ProgramData")
            .map(|dir| PathBuf::from(dir).join("Checkup").join("profile.toml"))
    }

    /// The interface list's own type and state: Windows tells them itself.
    fn interfaces(&self) -> Result<Vec<Link>, OsError> {
        common::interfaces(|_| LinkFacts::default())
    }

    /// The WLAN service's security settings say whether this user may switch Wi-Fi on;
    /// connecting again (a new address) needs an administrator on Windows.
    fn network_manager(&self) -> Option<NetworkManagerAccess> {
        let wlan = Wlan::open();
        let radios = wlan.as_ref().map(Wlan::radios).unwrap_or_default();
        // Asked only where a radio could be switched (Wine's WLAN API has no such answer).
        let granted = wlan
            .as_ref()
            .filter(|_| !radios.is_empty())
            .and_then(Wlan::interface_access);
        Some(map::wlan_access(&radios, granted))
    }

    /// Through the WLAN service (`WlanSetInterface`), with the user's own rights; a radio
    /// switched off by its hardware switch or key stays the user's to press.
    fn wifi_on(&self, _limit: Duration) -> Result<(), OsError> {
        let wlan = Wlan::open().ok_or_else(|| {
            OsError::new(OsErrorKind::NotFound, "the WLAN service does not answer")
        })?;
        match wlan.switch_radios_on()? {
            0 => Err(OsError::new(
                OsErrorKind::NotFound,
                "no Wi-Fi radio was off in software",
            )),
            _ => Ok(()),
        }
    }

    /// Every Wi-Fi radio's software and hardware switch, through the WLAN API.
    fn wifi_radio_blocked(&self) -> Option<bool> {
        map::radio_blocked(&Wlan::open()?.radios())
    }

    /// The interface's current connection, through the WLAN API.
    fn wifi_link(&self, interface: &str) -> Option<WifiLink> {
        let guid = adapter_guid(interface)?;
        let wlan = Wlan::open()?;
        let (_, id) = wlan
            .interfaces()
            .into_iter()
            .find(|(text, _)| text.eq_ignore_ascii_case(&guid))?;
        map::wifi_link(&wlan.connection(&id)?)
    }

    /// From `GetIpNetTable2` (IPv4 and IPv6), or `GetIpNetTable` (IPv4) where that fails.
    fn neighbour(&self, ip: IpAddr) -> Option<Neighbour> {
        match neighbour_table2(ip) {
            Ok(found) => found,
            Err(()) => match ip {
                IpAddr::V4(v4) => neighbour_v4(v4),
                IpAddr::V6(_) => None,
            },
        }
    }

    /// Through hickory's reading of the system settings.
    fn resolver_settings(&self) -> Result<ResolverSettings, OsError> {
        common::system_resolver_settings()
    }

    /// Under the system root.
    fn hosts_file(&self) -> (String, Result<String, OsError>) {
        let root = std::env::var_os("SystemRoot")
            .map_or_else(|| PathBuf::from(r"C:\Windows"), PathBuf::from);
        let path = root.join(r"System32\drivers\etc\hosts");
        (
            path.display().to_string(),
            std::fs::read_to_string(&path).map_err(OsError::from),
        )
    }

    /// The System event log stands for both the kernel's log and the journal.
    fn log_lines(&self, query: &LogQuery, limit: Duration) -> Result<Vec<LogLine>, String> {
        Ok(event_log("System", query.since, limit)?
            .into_iter()
            .filter(|line| query.wants(line))
            .collect())
    }

    /// The System event log stands for the kernel log and the journal.
    fn log_name(&self, source: LogSource) -> &'static str {
        match source {
            LogSource::Print => "print service's event log",
            LogSource::Kernel | LogSource::Journal => "System event log",
        }
    }

    /// The user's Internet settings and the machine's WinHTTP proxy; the bypass list comes
    /// as a `bypass` setting, which the fact layer takes as `no_proxy`.
    fn desktop_proxy(&self) -> Vec<ProxySetting> {
        let (ie, machine) = proxy();
        let mut settings = map::proxy_settings(ie.as_ref(), machine.as_ref());
        if let Some(bypass) = ie
            .as_ref()
            .filter(|ie| ie.proxy.is_some())
            .and_then(|ie| ie.bypass.as_deref())
            .and_then(map::bypass_list)
        {
            settings.push(ProxySetting {
                source: "windows".to_owned(),
                scheme: "bypass".to_owned(),
                value: bypass,
            });
        }
        settings
    }

    /// Every drive letter (`GetLogicalDriveStringsW`).
    fn mounts(&self) -> Result<Vec<Mount>, OsError> {
        Ok(volumes()?.iter().filter_map(map::mount_of).collect())
    }

    /// Windows volumes have no inode counts.
    fn fs_usage(&self, mount_point: &str) -> Result<FsUsage, OsError> {
        disk_space(mount_point)
    }

    /// Windows has no fstab: a read-only volume was never asked to be writable by
    /// configuration.
    fn fstab(&self) -> Option<String> {
        None
    }

    fn sealed_by_design(&self, _mount_point: &str) -> bool {
        false
    }

    /// The disk under a local drive letter goes by that letter: Windows finds the physical
    /// disk from it when asked for its health.
    fn physical_disks(&self, source: &str) -> Vec<String> {
        let local = drive_type(source)
            .is_some_and(|t| matches!(t, map::drive_type::FIXED | map::drive_type::REMOVABLE));
        if local && drive_letter(source).is_some() {
            vec![source.to_owned()]
        } else {
            Vec::new()
        }
    }

    fn removable(&self, source: &str) -> bool {
        drive_type(source) == Some(map::drive_type::REMOVABLE)
    }

    fn system_drive(&self) -> Option<String> {
        std::env::var("SystemDrive").ok()
    }

    /// The storage management API's verdict (`MSFT_PhysicalDisk`, which every user may read)
    /// on the physical disk under a drive letter, through PowerShell's `Get-PhysicalDisk`.
    fn disk_health(&self, device: &str, limit: Duration) -> HealthReading {
        let Some(letter) = drive_letter(device) else {
            return HealthReading::Unsupported(format!("{device} is not a drive letter"));
        };
        let script = format!(
            "$d = Get-Partition -DriveLetter {letter} -ErrorAction Stop | Get-Disk; \
             Get-PhysicalDisk | Where-Object DeviceId -eq $d.Number | \
             Select-Object FriendlyName,SerialNumber,MediaType,HealthStatus,OperationalStatus,DeviceId | \
             ConvertTo-Json -Compress"
        );
        let args = ["-NoProfile", "-NonInteractive", "-Command", script.as_str()];
        match super::program::run("powershell", &args, limit, 64 * 1024) {
            Ok(output) if output.success() => match map::physical_disk_status(&output.text()) {
                Ok(status) => HealthReading::Status(status),
                Err(why) => HealthReading::Unsupported(why),
            },
            Ok(output) => HealthReading::Failed(format!(
                "Get-PhysicalDisk did not answer for {device} (exit code {:?})",
                output.code
            )),
            Err(super::program::ProgramError::NotFound(_)) => HealthReading::Unsupported(
                "PowerShell, which reads the disk's health here, is not installed".to_owned(),
            ),
            Err(error) => HealthReading::Failed(error.to_string()),
        }
    }

    /// The user's folder, and the Recycle Bin (kept outside it, on every drive).
    fn home_usage(&self, home: &Path, budget: Duration) -> HomeUsage {
        let mut usage = common::home_usage(home, budget, None, &FILE_FACTS);
        if let Ok((bytes, _)) = recycle_bin() {
            usage.trash = bytes;
        }
        usage
    }

    /// The items of the user's Recycle Bin on their home drive.
    fn trash(&self) -> Result<Vec<TrashEntry>, OsError> {
        cleanup::trash_listing(
            &own_recycle_bin()?,
            cleanup::Layout::RecycleBin,
            &FILE_FACTS,
        )
    }

    /// Deletes the Recycle Bin items counted when the user agreed, and their records; an item
    /// recycled since stays.
    fn empty_trash(&self, names: &[String]) -> Result<Freed, OsError> {
        cleanup::empty_trash(
            &own_recycle_bin()?,
            cleanup::Layout::RecycleBin,
            names,
            &FILE_FACTS,
        )
    }

    /// Folders under `%LOCALAPPDATA%` that programs tagged as caches (`CACHEDIR.TAG`).
    fn caches(&self) -> Vec<CacheFolder> {
        local_app_data()
            .map(|cache| cleanup::cache_folders(&cache, cleanup::Caches::LocalAppData, &FILE_FACTS))
            .unwrap_or_default()
    }

    /// Empties those tagged folders, each only if it is still one [`Platform::caches`] lists.
    fn clear_caches(&self, paths: &[String]) -> Result<Freed, OsError> {
        let cache = local_app_data().ok_or_else(|| {
            OsError::unsupported("this user has no local application data folder")
        })?;
        cleanup::clear_caches(&cache, cleanup::Caches::LocalAppData, paths, &FILE_FACTS)
    }

    /// The default browser, through the shell.
    fn open_url(&self, url: &str, _limit: Duration) -> Result<(), OsError> {
        let url = super::browsable(url).map_err(|e| OsError::new(OsErrorKind::Other, e))?;
        let target = wide(url.as_str());
        let verb = wide("open");
        // SAFETY: nul-terminated verb and target; no window, parameters or folder.
        let result = unsafe {
            windows_sys::Win32::UI::Shell::ShellExecuteW(
                std::ptr::null_mut(),
                verb.as_ptr(),
                target.as_ptr(),
                std::ptr::null(),
                std::ptr::null(),
                windows_sys::Win32::UI::WindowsAndMessaging::SW_SHOWNORMAL,
            )
        };
        // ShellExecuteW reports success with a value above 32.
        if (result as usize) > 32 {
            Ok(())
        } else {
            Err(OsError::new(
                OsErrorKind::Other,
                format!(
                    "the browser could not be started (code {})",
                    result as usize
                ),
            ))
        }
    }

    fn print_support(&self) -> Result<(), String> {
        Ok(())
    }

    /// The spooler is part of Windows.
    fn print_system_installed(&self) -> bool {
        true
    }

    /// Windows keeps its printers under one registry key, one subkey each. When it cannot be
    /// read, a printer is taken to have been set up, so a stopped spooler is still reported.
    fn printer_ever_set_up(&self) -> (bool, String) {
        (
            registry_subkeys(PRINTERS_KEY).is_none_or(|count| count > 0),
            format!("HKEY_LOCAL_MACHINE\\{PRINTERS_KEY}"),
        )
    }

    fn configured_print_server(&self) -> Option<String> {
        None
    }

    fn local_print_socket(&self) -> Option<PathBuf> {
        None
    }

    fn print_spooler(&self) -> bool {
        true
    }

    /// Windows keeps the user's default printer with the spooler.
    fn user_default_printer(&self) -> Option<String> {
        None
    }

    fn print_system(&self, server: &Server) -> Arc<dyn PrintSystem> {
        match server {
            Server::Spooler => Arc::new(Spooler),
            other => Arc::new(super::ipp::Cups {
                server: other.clone(),
                user: self.user_name(),
                admin: None,
            }),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// The Recycle Bin folder is named by the user's own security identifier, on the drive
    /// of their home folder.
    #[test]
    fn the_users_recycle_bin_is_named_by_their_sid() {
        let sid = user_sid().unwrap();
        assert!(sid.starts_with("S-1-"), "{sid}");
        let bin = own_recycle_bin().unwrap().display().to_string();
        assert!(bin.ends_with(&format!("\\$Recycle.Bin\\{sid}")), "{bin}");
        assert_eq!(bin.get(1..2), Some(":"), "{bin}");
        // Listing a bin that does not exist yet gives nothing, not an error.
        assert!(Windows.trash().is_ok());
    }

    /// Caches are the folders programs tagged under the user's own local application data
    /// folder: one made here is listed with its size and emptied (its tag kept), and a link
    /// inside it goes as a link, its target untouched.
    #[test]
    fn tagged_folders_in_local_app_data_are_the_caches() {
        let root = local_app_data().unwrap();
        let cache = root.join(format!("checkup-test-cache-{}", std::process::id()));
        let outside = root.join(format!("checkup-test-kept-{}", std::process::id()));
        std::fs::create_dir_all(cache.join("objects")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("precious.txt"), b"keep me").unwrap();
        std::fs::write(cache.join("objects").join("o1"), vec![1u8; 5000]).unwrap();
        std::fs::write(cache.join("CACHEDIR.TAG"), cleanup::CACHEDIR_SIGNATURE).unwrap();
        // A link to a folder outside, where this system lets the user make one (Windows asks
        // for developer mode): it must go as a link, its target kept. Windows removes a folder
        // link only as a folder (`remove_dir`); Wine takes either, so that part is Windows'.
        let linked = std::os::windows::fs::symlink_dir(&outside, cache.join("link")).is_ok();
        let listed = Windows.caches();
        let ours = listed
            .iter()
            .find(|c| c.path == cache.display().to_string())
            .cloned();
        let freed = Windows.clear_caches(&[cache.display().to_string()]);
        let left: Vec<String> = std::fs::read_dir(&cache)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        let kept = std::fs::read(outside.join("precious.txt"));
        std::fs::remove_dir_all(&cache).unwrap();
        std::fs::remove_dir_all(&outside).unwrap();
        assert_eq!(ours.map(|c| c.bytes), Some(5000), "{listed:?}");
        assert_eq!(freed.unwrap().entries, 1);
        assert_eq!(left, ["CACHEDIR.TAG"]);
        assert_eq!(kept.unwrap(), b"keep me");
        eprintln!("a link to a folder was made and removed as a link: {linked}");
    }

    /// The printer list's key is read, not assumed: a key that exists gives its subkeys, a
    /// missing one gives nothing, and the evidence names where it looked.
    #[test]
    fn whether_a_printer_was_ever_set_up_comes_from_the_registry() {
        assert!(registry_subkeys(r"SYSTEM\CurrentControlSet").is_some_and(|n| n > 0));
        assert_eq!(registry_subkeys(r"SYSTEM\No Such Key Checkup"), None);
        let (_, source) = Windows.printer_ever_set_up();
        assert_eq!(
            source,
            r"HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Print\Printers"
        );
    }

    /// A standard TCP/IP port's settings are read from its registry key, as the port monitor
    /// writes them (here under the user's own hive, which every account may write).
    #[test]
    fn tcp_port_settings_are_read_from_the_registry() {
        use windows_sys::Win32::System::Registry::{
            HKEY_CURRENT_USER, KEY_WRITE, REG_DWORD, REG_OPTION_NON_VOLATILE, REG_SZ, RegCloseKey,
            RegCreateKeyExW, RegDeleteTreeW, RegSetValueExW,
        };
        let base = format!(r"Software\Checkup-test-{}", std::process::id());
        let path = wide(&format!(r"{base}\Front desk"));
        let mut key = std::ptr::null_mut();
        // SAFETY: a predefined key, a nul-terminated path and a valid out-key.
        let created = unsafe {
            RegCreateKeyExW(
                HKEY_CURRENT_USER,
                path.as_ptr(),
                0,
                std::ptr::null(),
                REG_OPTION_NON_VOLATILE,
                KEY_WRITE,
                std::ptr::null(),
                &mut key,
                std::ptr::null_mut(),
            )
        };
        assert_eq!(created, ERROR_SUCCESS);
        let set_text = |name: &str, value: &str| {
            let (name, value) = (wide(name), wide(value));
            // SAFETY: an open key, a nul-terminated name and the value's bytes with its nul.
            unsafe {
                RegSetValueExW(
                    key,
                    name.as_ptr(),
                    0,
                    REG_SZ,
                    value.as_ptr().cast(),
                    size32(value.len() * 2),
                )
            }
        };
        let set_dword = |name: &str, value: u32| {
            let name = wide(name);
            // SAFETY: an open key, a nul-terminated name and four bytes.
            unsafe {
                RegSetValueExW(
                    key,
                    name.as_ptr(),
                    0,
                    REG_DWORD,
                    std::ptr::from_ref(&value).cast(),
                    4,
                )
            }
        };
        assert_eq!(set_text("HostName", ""), ERROR_SUCCESS);
        assert_eq!(set_text("IPAddress", "10.0.0.7"), ERROR_SUCCESS);
        assert_eq!(set_dword("Protocol", 2), ERROR_SUCCESS);
        assert_eq!(set_dword("PortNumber", 515), ERROR_SUCCESS);
        // SAFETY: closed once.
        unsafe { RegCloseKey(key) };

        let found = tcp_port(HKEY_CURRENT_USER, &base, "Front desk,");
        let missing = tcp_port(HKEY_CURRENT_USER, &base, "USB001");
        let odd = tcp_port(HKEY_CURRENT_USER, &base, r"..\Front desk");
        let base_wide = wide(&base);
        // SAFETY: a predefined key and a nul-terminated path of this test's own key.
        unsafe { RegDeleteTreeW(HKEY_CURRENT_USER, base_wide.as_ptr()) };

        let found = found.unwrap();
        assert_eq!(found.host_name, None, "an empty host name is no host name");
        assert_eq!(found.ip_address.as_deref(), Some("10.0.0.7"));
        assert_eq!((found.protocol, found.port_number), (Some(2), Some(515)));
        assert_eq!(map::tcp_port_uri(&found).as_deref(), Some("lpd://10.0.0.7"));
        assert_eq!(missing, None);
        assert_eq!(odd, None);
    }

    /// Wine's WLAN service lists no Wi-Fi: nothing to switch on, said as such, and connecting
    /// again is left to an administrator.
    #[test]
    fn without_a_wifi_radio_nothing_is_switched_on() {
        let access = Windows.network_manager().unwrap();
        assert_eq!(access.service, "Windows");
        assert_eq!(access.answer("network-control"), Some("auth"));
        if under_wine() {
            assert_eq!((access.wifi_software, access.wifi_hardware), (None, None));
            let refused = Windows.wifi_on(Duration::from_secs(5)).unwrap_err();
            assert_eq!(refused.kind, OsErrorKind::NotFound, "{refused:?}");
        }
    }

    #[test]
    fn only_a_drive_letter_reaches_powershell() {
        assert_eq!(drive_letter("C:"), Some('C'));
        assert_eq!(drive_letter("q:"), Some('q'));
        for odd in ["", "C", "C:\\", "CD:", "1:", "C:;calc", "\\\\server\\share"] {
            assert_eq!(drive_letter(odd), None, "{odd}");
        }
        // Wine has no PowerShell: the reason is given, nothing hangs.
        let reading = Windows.disk_health("C:", Duration::from_secs(5));
        assert!(!matches!(reading, HealthReading::Json(_)), "{reading:?}");
    }

    /// The Event Log answers within the limit: its lines, or one sentence naming the log
    /// (Wine keeps no Event Log).
    #[test]
    fn the_event_log_answers_within_its_limit() {
        let limit = Duration::from_secs(2);
        let started = std::time::Instant::now();
        match event_log("System", 0, limit) {
            Ok(lines) => assert!(lines.len() <= super::super::MAX_LOG_LINES),
            Err(why) => assert!(why.starts_with("the System event log"), "{why}"),
        }
        assert!(started.elapsed() < limit * 3);
    }
}
