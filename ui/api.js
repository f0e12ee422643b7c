// The only module that touches the Tauri bridge. Everything else calls these functions.
const { invoke, Channel } = window.__TAURI__.core;

export const appInfo = () => invoke('app_info');

// Runs the checks of `areas` (all when empty); `onProgress` gets every progress event.
export function startRun(areas, url, onProgress) {
  const channel = new Channel();
  channel.onmessage = onProgress;
  return invoke('start_run', { areas, url: url || null, onProgress: channel });
}

export const cancelRun = () => invoke('cancel_run');
export const previewReport = () => invoke('preview_report');
// Without a path the user picks one in a save dialog; with one (the test hook) it is used as is.
export const saveReport = (path) => invoke('save_report', { path: path ?? null });
export const copySummary = () => invoke('copy_summary');
export const openReport = () => invoke('open_report');
