// Screenshots of EPUB content documents under reading-system themes, and a contrast check of every text run.
// Usage: node tools/ace/themes.js OUT_DIR FILE.xhtml...  (Chromium from PUPPETEER_EXECUTABLE_PATH; Puppeteer comes
// with @daisy/ace-cli in tools/ace/node_modules). Prints a JSON report: per file, theme and width, every text run
// with its contrast ratio (WCAG 2.1 relative luminance), the ratio it needs (4.5, or 3 for large text) and its
// rendered font size in CSS px (SVG labels: font size × the figure's scale on screen).
// Themes swap only the page colours, as Apple Books and many readers do; the book's own colours stay.
const puppeteer = require('puppeteer');
const path = require('path');
const THEMES = {
  day: null,
  sepia: {background: '#f4ecd8', color: '#5b4636'},
  night: {background: '#000000', color: '#fefefe'},
};
const WIDTHS = {phone: [390, 844], tablet: [820, 1180]};

function checkPage() {
  const parse = (c) => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null;
    const p = m[1].split(',').map(Number); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const lum = ({r, g, b}) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const background = (el) => { for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor); if (c && c.a > 0) return c; }
    return {r: 255, g: 255, b: 255, a: 1}; };
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.nodeValue.trim()) continue;
    const el = n.parentElement; if (seen.has(el)) continue; seen.add(el);
    const rects = el.getClientRects(); if (!rects.length) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    const isSvg = el instanceof SVGElement;
    const fg = parse(isSvg ? style.fill : style.color); if (!fg) continue;
    const bg = background(el);
    const size = isSvg ? parseFloat(style.fontSize) * Math.abs(el.getScreenCTM().a) : parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    // rendered font size in CSS px: for SVG text the font size in user units times the viewBox scale
    const px = isSvg ? parseFloat(style.fontSize) * Math.abs(el.getScreenCTM().a) : parseFloat(style.fontSize);
    out.push({text: n.nodeValue.trim().slice(0, 40), tag: el.tagName, svg: isSvg, contrast: +ratio(fg, bg).toFixed(2),
              need: large ? 3 : 4.5, px: +px.toFixed(1)});
  }
  return out;
}

(async () => {
  const [out, ...files] = process.argv.slice(2);
  const browser = await puppeteer.launch({executablePath: process.env.PUPPETEER_EXECUTABLE_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
           '--disable-sync', '--no-first-run']});
  const page = await browser.newPage();
  const report = [];
  for (const file of files) {
    for (const [theme, colours] of Object.entries(THEMES)) {
      for (const [device, [w, h]] of Object.entries(WIDTHS)) {
        await page.setViewport({width: w, height: h});
        await page.goto('file://' + path.resolve(file), {waitUntil: 'load'});
        if (colours) await page.addStyleTag({content: `:root, body { background-color: ${colours.background} !important; color: ${colours.color} !important; }`});
        await page.evaluate(() => document.fonts.ready);
        const shot = path.join(out, `${path.basename(file, '.xhtml')}-${theme}-${device}.png`);
        await page.screenshot({path: shot, fullPage: true});
        report.push({file: path.basename(file), theme, device, screenshot: shot, runs: await page.evaluate(checkPage)});
      }
    }
  }
  await browser.close();
  process.stdout.write(JSON.stringify(report));
})().catch((e) => { console.error(e); process.exit(1); });
