// Compiled into test builds only (the `test-hooks` feature): the end-to-end tests save a
// report to a named file without the native dialog, which cannot be driven here. Only the
// test build's `save_report` command takes a path; a production build has no such argument.
window.checkupTestHooks = {
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
