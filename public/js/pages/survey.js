// /survey/<token>: the citizen answers the satisfaction survey from the SMS link (single use).
import { api, ApiError } from '../api.js';
import { $, clear, el, fmtDateTime } from '../dom.js';
import { errorText, hideMessage, readForm, submitting } from '../forms.js';
import { applyI18n, label, langToggle, onLangChange, t } from '../i18n.js';

const token = decodeURIComponent(location.pathname.split('/').filter(Boolean)[1] ?? '');
const path = `/public/surveys/${encodeURIComponent(token)}`;

/** Reads the survey's ticket and reply whatever the exact shape of the answer. */
function summaryOf(s) {
  const reply = s.reply ?? {};
  return {
    ticketNo: s.ticketNo ?? s.ticket?.ticketNo,
    department: s.department?.name ?? s.department ?? s.ticket?.department ?? null,
    result: reply.result ?? s.replyResult ?? null,
    outcome: reply.outcome ?? s.replyOutcome ?? null,
    repliedAt: reply.at ?? s.repliedAt ?? null,
    type: s.type ?? s.ticket?.type ?? null,
  };
}

function linkProblem(err) {
  if (!(err instanceof ApiError)) return errorText(err);
  if (err.code === 'SURVEY_LINK_USED') return t('survey.alreadyAnswered');
  if (err.code === 'SURVEY_LINK_EXPIRED') return t('survey.expired');
  if (err.status === 404) return t('survey.invalidLink');
  return errorText(err);
}

async function init() {
  applyI18n();
  $('#lang-slot').append(langToggle());
  const intro = $('#survey-intro');
  const form = $('#survey-form');
  const box = $('#survey-msg');
  let survey = null;

  const renderIntro = () => {
    if (!survey) return;
    const s = summaryOf(survey);
    clear(
      intro,
      el('h1', {}, t('survey.title')),
      el('p', {}, t('survey.intro')),
      el('dl', { className: 'facts' },
        el('dt', {}, t('citizen.ticketNo')), el('dd', { className: 'ticket-no' }, s.ticketNo ?? '—'),
        s.department ? [el('dt', {}, t('citizen.handledBy')), el('dd', {}, s.department)] : null,
        s.repliedAt ? [el('dt', {}, t('citizen.repliedAt')), el('dd', {}, fmtDateTime(s.repliedAt))] : null,
        s.outcome ? [el('dt', {}, t('survey.outcome')), el('dd', {}, label('outcome', s.outcome))] : null,
      ),
      s.result ? el('blockquote', { className: 'reply' }, s.result) : null,
    );
  };
  onLangChange(renderIntro);

  if (!token) {
    clear(intro, el('p', { className: 'msg msg-error', role: 'alert' }, t('survey.invalidLink')));
    return;
  }
  try {
    survey = await api(path, { anonymous: true });
    renderIntro();
    form.hidden = false;
  } catch (err) {
    clear(intro, el('h1', {}, t('survey.title')), el('p', { className: 'msg msg-error', role: 'alert' }, linkProblem(err)));
    return;
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    hideMessage(box);
    const body = readForm(form);
    const done = await submitting(form, box, async () => {
      try {
        return await api(path, { method: 'POST', body, anonymous: true });
      } catch (err) {
        if (err instanceof ApiError && err.status !== 400) throw Object.assign(err, { message: linkProblem(err) });
        throw err;
      }
    });
    if (done === undefined) return;
    form.hidden = true;
    clear(intro, el('h1', {}, t('survey.thanksTitle')), el('p', { className: 'msg msg-ok', role: 'status' }, t('survey.thanks')));
    intro.focus?.();
  });
}

init();
