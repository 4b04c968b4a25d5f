// The lag page's one script, served from this origin (the CSP allows no other): progressive
// enhancement only — without it the page has its "Refresh now" link. It shows the auto-refresh
// checkbox (hidden otherwise), off by default; when ticked, every N seconds it fetches the same
// page and swaps the figures (#lag-data) in place. Nothing is announced (no live region: a screen
// reader is not interrupted every N seconds); it skips a turn while the keyboard's focus is inside
// the figures, keeps open what was opened, and stops when the session has ended (a sign-in page answers instead).
export const REFRESH_SCRIPT = `(() => {
  'use strict';
  const box = document.querySelector('[data-refresh]');
  const toggle = document.getElementById('auto-refresh');
  if (!box || !toggle || !window.fetch || !window.DOMParser) return;
  const seconds = Math.max(5, Number(box.getAttribute('data-refresh')) || 30);
  box.hidden = false;
  let timer = 0;
  async function refresh() {
    const here = document.getElementById('lag-data');
    if (!here || here.contains(document.activeElement)) return;
    let res;
    try {
      res = await fetch(location.pathname, { credentials: 'same-origin', redirect: 'manual' });
    } catch (e) {
      return;
    }
    if (res.status !== 200) {
      toggle.checked = false;
      window.clearInterval(timer);
      return;
    }
    const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
    const fresh = doc.getElementById('lag-data');
    if (!fresh || here.contains(document.activeElement)) return;
    // What the operator opened stays open.
    const open = new Set(
      Array.from(here.querySelectorAll('details[open] > summary'), (s) => s.textContent),
    );
    for (const d of fresh.querySelectorAll('details')) {
      if (open.has(d.querySelector('summary')?.textContent)) d.open = true;
    }
    here.replaceWith(fresh);
  }
  toggle.addEventListener('change', () => {
    window.clearInterval(timer);
    if (toggle.checked) timer = window.setInterval(refresh, seconds * 1000);
  });
})();
`;
