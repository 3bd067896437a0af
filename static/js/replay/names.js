// A state-like picture of the whole session for the render components, built from the
// report: delegations, blocs, items and amendments by id. Labels only.

export function picture(report) {
  const items = report.texts.map((t) => ({id: t.id, title: t.title, kind: "other", segments: [], status: t.status}));
  const amendments = report.texts.flatMap((t) => t.amendments.map((a) => ({...a, item: t.id})));
  return {delegations: report.delegations, blocs: report.blocs, items, amendments, signatures: report.signing ? report.signing.signatures : {}};
}

export function when(at) {
  return new Date(at * 1000).toLocaleTimeString([], {hour: "2-digit", minute: "2-digit", second: "2-digit"});
}
