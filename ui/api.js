// The only module that touches the Tauri bridge. Everything else calls these functions.
const invoke = (command, args) => window.__TAURI__.core.invoke(command, args);

export const appInfo = () => invoke('app_info');

// Runs the checks of `areas` (all when empty); `onProgress` gets every progress event.
export function startRun(areas, url, onProgress) {
  const channel = new window.__TAURI__.core.Channel();
  channel.onmessage = onProgress;
  return invoke('start_run', { areas, url: url || null, onProgress: channel });
}

export const cancelRun = () => invoke('cancel_run');
export const previewReport = () => invoke('preview_report');
// The user picks the place in the native save dialog.
export const saveReport = () => invoke('save_report', {});
// An interface text with arguments, rendered by the engine.
export const text = (id, args) => invoke('render_text', { id, args });
export const copySummary = () => invoke('copy_summary');
export const openReport = () => invoke('open_report');
// The last stored result, rendered ("Last checked Tuesday 09:12: everything worked."), or null.
export const lastResult = () => invoke('last_result');
// Deletes the history after the user confirmed in the native dialog; the sentence to show,
// or null when the user kept it.
export const forgetHistory = () => invoke('forget_history', {});
// Makes one repair the last run offered (after the user agreed, or records that they said
// no), then checks again; `onProgress` gets the re-check's progress events.
export function makeRepair(id, subject, agreed, onProgress) {
  const channel = new window.__TAURI__.core.Channel();
  channel.onmessage = onProgress;
  return invoke('make_repair', { id, subject, agreed, onProgress: channel });
}
