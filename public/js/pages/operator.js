// /operator: take a call (intake, knowledge base, emergency warning) and make callback surveys.
import { $, $$ } from '../dom.js';
import { connectLive } from '../live.js';
import { loadCategories } from '../reference.js';
import { startStaffPage } from '../shell.js';
import { setUpCallbacks } from './operator-callbacks.js';
import { setUpIntake } from './operator-intake.js';
import { setUpKb } from './operator-kb.js';

/** Accessible tabs: arrow keys move between them, the panel follows. */
function setUpTabs(onShow) {
  const tabs = $$('[role=tab]');
  const show = (tab) => {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute('aria-selected', String(selected));
      other.tabIndex = selected ? 0 : -1;
      $(`#${other.getAttribute('aria-controls')}`).hidden = !selected;
    }
    onShow(tab.id);
  };
  for (const tab of tabs) {
    tab.addEventListener('click', () => show(tab));
    tab.addEventListener('keydown', (ev) => {
      if (ev.key !== 'ArrowRight' && ev.key !== 'ArrowLeft') return;
      const i = tabs.indexOf(tab);
      const next = tabs[(i + (ev.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
      next.focus();
      show(next);
    });
  }
  if (location.hash === '#callbacks') show($('#tab-callbacks'));
}

async function init() {
  const session = await startStaffPage({ roles: ['operator'] });
  if (!session) return;
  const categories = await loadCategories();
  const kb = setUpKb({ categories });
  const intake = setUpIntake({ departments: session.departments, categories, kb });
  kb.onAnswer(intake.answerOnSpot);
  const callbacks = setUpCallbacks({ departments: session.departments });
  setUpTabs((id) => {
    if (id === 'tab-callbacks') callbacks.refresh();
  });
  callbacks.refresh();
  // A reply anywhere may add a callback to the queue.
  connectLive({
    onStatus: session.setLive,
    onConnect: () => callbacks.refresh(),
    handlers: {
      'ticket:changed': (e) => {
        intake.ticketChanged(e);
        if (['replied', 'closed', 'dispatched'].includes(e?.toStatus)) callbacks.refreshSoon();
      },
    },
  });
  $('#f-description').focus();
}

init();
