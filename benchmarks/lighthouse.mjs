// Lighthouse (pinned in benchmarks/package.json) on pages of the built course.
//
// Used by benchmarks/lighthouse.py (`run.py --only lighthouse`), which passes the shared
// Chromium flags of benchmarks/browser.py as a JSON list; runs on its own too:
//
//   CHROME_PATH=/usr/bin/chromium node benchmarks/lighthouse.mjs --runs 3 --preset mobile \
//       --chrome-flags '["--no-sandbox"]' --out /tmp/lh.json http://127.0.0.1:8000/index.html
//
// --preset desktop (Lighthouse's desktop config: fast connection, no CPU slow-down) or
// mobile (Lighthouse's default config: a mid-range phone, 412 px wide, on a slow 4G
// connection, CPU slowed 4x; all simulated). Categories performance, accessibility, best
// practices and SEO. One Chromium
// is started per run (a fresh profile each time), headless, with the flags given. With
// --stop-when-settled, a page's remaining runs are skipped once they could no longer
// change the median of any score (e.g. two of three runs gave identical scores). Writes a
// small JSON summary per run (scores, metrics, the audits that lost points), not the full
// reports, to --out.

import fs from 'node:fs';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const METRICS = [
  'first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time',
  'cumulative-layout-shift', 'speed-index',
];
// Lighthouse's own: chrome-launcher starts a visible browser unless told otherwise. The
// other flags come from --chrome-flags (benchmarks/browser.py's FLAGS).
const HEADLESS = '--headless=new';

function parseArgs(argv) {
  const args = {runs: 3, out: null, urls: [], settled: false, flags: [], preset: 'desktop'};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--runs') args.runs = Number(argv[++i]);
    else if (argv[i] === '--out') args.out = argv[++i];
    else if (argv[i] === '--chrome-flags') args.flags = JSON.parse(argv[++i]);
    else if (argv[i] === '--stop-when-settled') args.settled = true;
    else if (argv[i] === '--preset') args.preset = argv[++i];
    else args.urls.push(argv[i]);
  }
  if (!args.urls.length || !(args.runs >= 1) || !Array.isArray(args.flags) ||
      !['desktop', 'mobile'].includes(args.preset)) {
    console.error('usage: node lighthouse.mjs [--runs N] [--preset desktop|mobile] ' +
                  '[--stop-when-settled] [--chrome-flags JSON-LIST] [--out FILE] URL...');
    process.exit(2);
  }
  return args;
}

function summarise(lhr) {
  const scores = {};
  const lost = [];
  for (const id of CATEGORIES) {
    const category = lhr.categories[id];
    scores[id] = category ? category.score : null;
    if (!category) continue;
    for (const ref of category.auditRefs) {
      const audit = lhr.audits[ref.id];
      if (!audit || audit.score === null || audit.score >= 1) continue;
      if (ref.weight === 0 && audit.scoreDisplayMode !== 'metricSavings') continue;
      lost.push({
        category: id, id: ref.id, title: audit.title, score: audit.score,
        weight: ref.weight, display: audit.displayValue || '',
        items: (audit.details && audit.details.items || []).slice(0, 5).map(item => {
          const where = item.url || (item.node && (item.node.selector || item.node.snippet)) || item.source?.url || '';
          return String(where).slice(0, 160);
        }).filter(Boolean),
      });
    }
  }
  const metrics = {};
  for (const id of METRICS) metrics[id] = lhr.audits[id] ? lhr.audits[id].numericValue : null;
  return {
    url: lhr.finalDisplayedUrl, preset: lhr.configSettings.formFactor, scores, metrics, lost,
    warnings: lhr.runWarnings || [], error: lhr.runtimeError ? lhr.runtimeError.message : null,
    benchmarkIndex: lhr.environment ? lhr.environment.benchmarkIndex : null,
    lighthouseVersion: lhr.lighthouseVersion,
  };
}

// True when the remaining runs of a page can no longer change the median of any score:
// in every category more than half of the planned runs already gave the same score.
function settled(pageRuns, planned) {
  return CATEGORIES.every(id => {
    const counts = new Map();
    for (const r of pageRuns) counts.set(r.scores[id], (counts.get(r.scores[id]) || 0) + 1);
    return Math.max(...counts.values()) > planned / 2;
  });
}

const args = parseArgs(process.argv.slice(2));
const results = [];
for (const url of args.urls) {
  const pageRuns = [];
  for (let run = 0; run < args.runs; run++) {
    if (args.settled && pageRuns.length && settled(pageRuns, args.runs)) {
      console.log(`${url}: scores settled after ${run} of ${args.runs} runs`);
      break;
    }
    const chrome = await chromeLauncher.launch({
      chromePath: process.env.CHROME_PATH || '/usr/bin/chromium',
      chromeFlags: [HEADLESS, ...args.flags],
      logLevel: 'silent',
    });
    try {
      const started = Date.now();
      const result = await lighthouse(url, {
        port: chrome.port, output: 'json', logLevel: 'error',
        onlyCategories: CATEGORIES, disableFullPageScreenshot: true,
      }, args.preset === 'desktop' ? desktopConfig : undefined);
      const summary = summarise(result.lhr);
      summary.run = run;
      summary.seconds = (Date.now() - started) / 1000;
      results.push(summary);
      pageRuns.push(summary);
      const s = summary.scores;
      console.log(`${url} ${args.preset} run ${run + 1}/${args.runs}: ` +
                  `performance ${s.performance} accessibility ${s.accessibility} ` +
                  `best-practices ${s['best-practices']} seo ${s.seo} ` +
                  `(${summary.seconds.toFixed(1)} s)`);
    } finally {
      await chrome.kill();
    }
  }
}
const text = JSON.stringify(results, null, 1);
if (args.out) fs.writeFileSync(args.out, text);
else console.log(text);
