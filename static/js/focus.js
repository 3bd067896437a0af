// Which agenda item the room is on. The state has no pointer to it, so we read it off what
// happened: the question before the conference, else the item last touched in the log.

import * as label from "./labels.js";

const ITEM_EVENTS = {
  ReadingAdvanced: (e) => e.item,
  AmendmentProposed: (e) => e.item,
};

export function focusItem(state, events) {
  if (state.decision) return label.subjectItem(state, state.decision.subject);
  for (let i = events.length - 1; i >= 0; i -= 1) {
    const e = events[i].event;
    if (ITEM_EVENTS[e.type]) return ITEM_EVENTS[e.type](e);
    const subj = e.subject || (e.outcome && e.outcome.subject);
    if (subj) return label.subjectItem(state, subj);
    if (e.amendment) {
      const a = label.amendmentOf(state, e.amendment);
      if (a) return a.item;
    }
  }
  const open = state.items.find((i) => i.status === "open");
  return open ? open.id : state.items[0] && state.items[0].id;
}
