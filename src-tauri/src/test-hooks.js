// Compiled into test builds only (the `test-hooks` feature): the end-to-end tests save a
// report to a named file without the native dialog, which cannot be driven here. Only the
// test build's `save_report` command takes a path; a production build has no such argument.
window.checkupTestHooks = {
  // Makes a repair the last run offered, as "Yes, do it" does, answering the native dialog
  // that confirms one which deletes something; returns how it went.
  async repair(id, subject, confirmed) {
    const onProgress = new window.__TAURI__.core.Channel();
    const done = await window.__TAURI__.core.invoke('make_repair', {
      id, subject, agreed: true, confirmed, onProgress,
    });
    return [done.result, done.message];
  },
  // Presses "Forget my history" and answers the question the native dialog would ask.
  async forget(confirmed) {
    const status = document.getElementById('settings-status');
    try {
      const done = await window.__TAURI__.core.invoke('forget_history', { confirmed });
      if (done) {
        status.textContent = done;
        const last = await window.__TAURI__.core.invoke('last_result');
        document.getElementById('last-result').hidden = !last;
      }
    } catch (error) {
      status.textContent = error?.message ?? String(error);
    }
  },
  async save(path) {
    const status = document.getElementById('report-status');
    try {
      const saved = await window.__TAURI__.core.invoke('save_report', { path });
      if (saved) status.textContent = saved.message;
    } catch (error) {
      status.textContent = error?.message ?? String(error);
    }
  },
};
