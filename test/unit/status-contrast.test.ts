import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';

// The status, urgency and clock colours of the pages (public/src/styles/app.css), read as a person
// with low vision would need them: text at least 4.5:1 against its background (WCAG 2.1 AA).
const css = readFileSync(path.join(__dirname, '..', '..', '..', 'public', 'src', 'styles', 'app.css'), 'utf8');

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const full = (hex: string) => (hex.length === 4 ? `#${hex.slice(1).split('').map((c) => c + c).join('')}` : hex);

/** Each rule of the tag and countdown classes with both a text colour and a background. */
function colouredRules(): Array<{ selector: string; color: string; background: string }> {
  const rules: Array<{ selector: string; color: string; background: string }> = [];
  for (const m of css.matchAll(/([^{}]*(?:\.status-tag|\.countdown)[^{}]*)\{([^}]*)\}/g)) {
    const color = /(?:^|;)\s*color:\s*(#[0-9a-fA-F]{3,6})/.exec(m[2])?.[1];
    const background = /background:\s*(#[0-9a-fA-F]{3,6})/.exec(m[2])?.[1];
    if (color && background) rules.push({ selector: m[1].trim(), color: full(color), background: full(background) });
  }
  return rules;
}

describe('status colours on the pages', () => {
  it('when the stylesheet is read, then it colours every ticket status and every clock state', () => {
    const selectors = colouredRules().map((r) => r.selector).join(' ');
    for (const status of ['dispatched', 'accepted', 'returned', 'replied', 'closed', 'answered', 'merged', 'cancelled', 'transferred_110']) {
      expect(selectors).to.contain(`[data-status="${status}"]`);
    }
    for (const state of ['ok', 'risk', 'over']) expect(selectors).to.contain(`[data-state="${state}"]`);
  });

  it('when any status or clock colour is drawn, then its text contrasts at least 4.5:1 with its background', () => {
    const weak = colouredRules()
      .map((r) => ({ ...r, ratio: Math.round(contrast(r.color, r.background) * 100) / 100 }))
      .filter((r) => r.ratio < 4.5);
    expect(weak).to.deep.equal([]);
  });

  it('when the contrast formula is given black on white, then it answers 21:1', () => {
    expect(contrast('#000000', '#ffffff')).to.be.closeTo(21, 0.01);
  });
});
