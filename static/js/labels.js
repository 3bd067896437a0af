// Words for what the state holds: names of delegations, blocs, items, phases, methods.
// Labels only; nothing here decides anything.

export function delegation(state, id) {
  const found = state.delegations.find((d) => d.id === id);
  return found ? found.name : id;
}

export function delegationList(state, ids) {
  return ids.map((id) => delegation(state, id)).join(", ");
}

export function bloc(state, id) {
  const found = state.blocs.find((b) => b.id === id);
  return found ? found.name : id || "No bloc";
}

export function item(state, id) {
  const found = state.items.find((i) => i.id === id);
  return found ? found.title : id;
}

export function phase(state, id = state.phase) {
  const found = state.phases.find((p) => p.id === id);
  return found ? found.name : id;
}

export function phaseAllows(state, activity) {
  const found = state.phases.find((p) => p.id === state.phase);
  return Boolean(found && found.allows.includes(activity));
}

export function amendmentOf(state, id) {
  return state.amendments.find((a) => a.id === id);
}

/** "Preamble" or "Amendment A2 to the Preamble". */
export function subject(state, subj) {
  if (!subj) return "";
  if (subj.kind === "amendment") {
    const a = amendmentOf(state, subj.id);
    return a ? `Amendment ${a.id} to ${item(state, a.item)}` : `Amendment ${subj.id}`;
  }
  return item(state, subj.id);
}

/** The agenda item a subject concerns. */
export function subjectItem(state, subj) {
  if (!subj) return null;
  if (subj.kind === "item") return subj.id;
  const a = amendmentOf(state, subj.id);
  return a ? a.item : null;
}

export const METHODS = {
  consensus: "Call for objections",
  sounding: "Sounding of the room",
  show_of_hands: "Show of hands",
  roll_call: "Roll-call vote",
  secret_ballot: "Secret ballot",
};

export function method(id) {
  return METHODS[id] || id;
}

export const VOTE_METHODS = ["show_of_hands", "roll_call", "secret_ballot"];

export function isVote(methodId) {
  return VOTE_METHODS.includes(methodId);
}

export const FLOOR_KINDS = {speech: "Speech", reply: "Right of reply", point_of_order: "Point of order"};

export function floorKind(kind) {
  return FLOOR_KINDS[kind] || kind;
}

export const CHOICES = {yes: "Yes", no: "No", abstain: "Abstain"};

export const SIGNATURES = {
  signed: "Signed",
  reservation: "Signed with a reservation",
  declaration: "Signed with a declaration",
  declined: "Did not sign",
};

export const DECISIONS = {
  adopted: "Adopted",
  rejected: "Rejected",
  postponed: "Postponed",
  no_quorum: "No quorum",
  blocked: "Blocked",
  indicative: "Indicative",
};

export function decisionWord(value) {
  return DECISIONS[value] || value;
}

export const ITEM_KINDS = {article: "Article", preamble: "Preamble", resolution: "Resolution", other: "Text"};

export function capitalise(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}
