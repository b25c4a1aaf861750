/**
 * The inline stylesheet and script of report.html. Inline because the page is a CI artifact opened from disk
 * or a bucket, often offline: it must not fetch anything. The script only filters rows already on the page;
 * it reads no report data, so nothing from the report is ever parsed as script.
 */

export const REPORT_CSS = `
:root {
  color-scheme: light dark;
  --bg: #f6f7f9; --panel: #ffffff; --text: #1c2330; --muted: #5d6778; --line: #d9dee6;
  --pass: #1a7f37; --pass-bg: #dcf5e3; --block: #c62828; --block-bg: #fde2e1;
  --warn: #9a6700; --warn-bg: #fff1c2; --accent: #2f5fd0; --code: #eef1f5;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0f1319; --panel: #171c24; --text: #e3e8ef; --muted: #97a2b3; --line: #2b3340;
    --pass: #4ac26b; --pass-bg: #12301d; --block: #ff6b66; --block-bg: #3a1517;
    --warn: #e3b341; --warn-bg: #352a0c; --accent: #79a2ff; --code: #10151c;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text); font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.page { max-width: 1240px; margin: 0 auto; padding: 24px; }
h1 { margin: 0; font-size: 22px; }
h2 { margin: 0; font-size: 17px; }
h3 { margin: 14px 0 6px; font-size: 13px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.top { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
.badge { display: inline-block; padding: 2px 10px; border-radius: 999px; font-weight: 600; font-size: 13px; }
.badge.pass { color: var(--pass); background: var(--pass-bg); }
.badge.block { color: var(--block); background: var(--block-bg); }
.badge.inconclusive { color: var(--warn); background: var(--warn-bg); }
.top .badge { font-size: 16px; padding: 4px 14px; }
.meta { display: flex; flex-wrap: wrap; gap: 4px 20px; margin: 12px 0; color: var(--muted); }
.meta dt { display: inline; font-weight: 600; }
.meta dd { display: inline; margin: 0 0 0 4px; color: var(--text); overflow-wrap: anywhere; }
.reasons { margin: 8px 0; padding-left: 20px; }
.notes { margin: 8px 0; padding-left: 20px; color: var(--muted); }
.suites { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: 16px; margin: 20px 0 28px; }
.card { background: var(--panel); border: 1px solid var(--line); border-top: 4px solid var(--line); border-radius: 8px; padding: 16px; }
.card.pass { border-top-color: var(--pass); }
.card.block { border-top-color: var(--block); }
.card.inconclusive { border-top-color: var(--warn); }
.card-head { display: flex; justify-content: space-between; align-items: center; gap: 8px; }
.rate { margin: 10px 0 6px; color: var(--muted); }
.rate strong { font-size: 24px; color: var(--text); margin-right: 6px; }
.bar { position: relative; height: 10px; border-radius: 5px; background: var(--code); }
.bar .fill { position: absolute; inset: 0 auto 0 0; border-radius: 5px; background: var(--pass); }
.bar.below .fill { background: var(--block); }
.bar .mark { position: absolute; top: -4px; bottom: -4px; width: 2px; margin-left: -1px; background: var(--text); }
.figures { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 10px 0 0; }
.figures > div { display: contents; }
.figures dt { color: var(--muted); }
.figures dd { margin: 0; font-variant-numeric: tabular-nums; }
.toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin: 12px 0; }
.toolbar button { font: inherit; padding: 4px 12px; border: 1px solid var(--line); border-radius: 6px; background: var(--panel); color: var(--text); cursor: pointer; }
.toolbar button[aria-pressed="true"] { border-color: var(--accent); color: var(--accent); font-weight: 600; }
.toolbar input { font: inherit; flex: 1 1 240px; max-width: 360px; padding: 4px 10px; border: 1px solid var(--line); border-radius: 6px; background: var(--panel); color: var(--text); }
#shown { color: var(--muted); }
.cases { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
.row { display: grid; grid-template-columns: 78px 120px minmax(0, 1fr) 64px 90px 150px; gap: 12px; padding: 8px 14px; align-items: center; }
.head { font-weight: 600; color: var(--muted); border-bottom: 1px solid var(--line); }
.case { border-bottom: 1px solid var(--line); }
.case[hidden] { display: none; }
.case summary { cursor: pointer; list-style: none; }
.case summary::-webkit-details-marker { display: none; }
.case summary:hover, .case[open] summary { background: var(--code); }
.case .id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.status { font-weight: 600; font-size: 12px; }
.status.pass { color: var(--pass); }
.status.fail { color: var(--block); }
.status.error { color: var(--warn); }
.chip { display: inline-block; margin-right: 4px; padding: 0 6px; border-radius: 4px; font-size: 12px; background: var(--code); }
.chip.regression { color: var(--block); background: var(--block-bg); }
.chip.fix { color: var(--pass); background: var(--pass-bg); }
.chip.flaky { color: var(--warn); background: var(--warn-bg); }
.detail { padding: 4px 14px 16px 104px; }
.detail p { margin: 6px 0; color: var(--muted); }
.detail table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; }
.detail th, .detail td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
.detail td.ok { color: var(--pass); }
.detail td.ko { color: var(--block); }
pre { margin: 0; padding: 10px 12px; max-height: 320px; overflow: auto; white-space: pre-wrap; overflow-wrap: anywhere; background: var(--code); border-radius: 6px; font: 12px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
footer { margin-top: 20px; color: var(--muted); font-size: 12px; }
`;

export const REPORT_JS = `
(() => {
  const rows = Array.from(document.querySelectorAll('.case'));
  const texts = rows.map((row) => row.textContent.toLowerCase());
  const buttons = Array.from(document.querySelectorAll('[data-filter]'));
  const search = document.getElementById('search');
  const shown = document.getElementById('shown');
  let filter = 'all';
  const apply = () => {
    const query = search.value.trim().toLowerCase();
    let count = 0;
    rows.forEach((row, i) => {
      const visible = (filter === 'all' || row.dataset.kinds.split(' ').includes(filter)) && texts[i].includes(query);
      row.hidden = !visible;
      if (visible) count += 1;
    });
    shown.textContent = count + ' of ' + rows.length + ' cases';
  };
  for (const button of buttons) {
    button.addEventListener('click', () => {
      filter = button.dataset.filter;
      for (const other of buttons) other.setAttribute('aria-pressed', String(other === button));
      apply();
    });
  }
  search.addEventListener('input', apply);
  apply();
})();
`;
