// Filling <select>s from enumerations and reference data, in the current language.
import { clear, el } from './dom.js';
import { label, nameOf, t } from './i18n.js';

export const lines = ['12345', '12369'];
export const types = ['consult', 'help', 'complaint', 'report', 'suggestion', 'praise'];
export const urgencies = ['normal', 'urgent', 'critical'];
export const operatorChannels = ['phone', 'wechat', 'email', 'web', 'app'];
export const outcomes = ['resolved', 'partly', 'unresolved', 'explained'];

/** Options `values` labelled from `prefix`; keeps the current value across re-renders. */
export function fillEnum(select, prefix, values, { blank } = {}) {
  const keep = select.value;
  clear(select, blank ? el('option', { value: '' }, t(blank)) : null, values.map((v) => el('option', { value: v }, label(prefix, v))));
  if (keep && values.includes(keep)) select.value = keep;
}

/** District select plus the street select that follows it (street names are sent as text). */
export function districtStreet(districtSel, streetSel, departments) {
  const fillStreets = () => {
    const keep = streetSel.value;
    const code = districtSel.value;
    const streets = code ? departments.children(code).filter((d) => d.kind === 'street') : [];
    clear(streetSel, el('option', { value: '' }, t(code ? 'form.chooseStreet' : 'form.chooseDistrictFirst')), streets.map((s) => el('option', { value: s.name }, nameOf(s))));
    streetSel.disabled = !code || streets.length === 0;
    if (keep && streets.some((s) => s.name === keep)) streetSel.value = keep;
  };
  const render = () => {
    const keep = districtSel.value;
    clear(districtSel, el('option', { value: '' }, t('form.chooseDistrict')), departments.districts.map((d) => el('option', { value: d.code }, nameOf(d))));
    districtSel.value = keep;
    fillStreets();
  };
  districtSel.addEventListener('change', () => {
    streetSel.value = '';
    fillStreets();
  });
  render();
  return { render };
}
