// Seats: students waiting in the lobby, who holds which delegation, moving and removing
// players, and whether students may pick an open seat themselves.

import {h} from "../dom.js";
import {button, select} from "../controls.js";
import * as label from "../labels.js";

export function key({state}) {
  return JSON.stringify([state.players, state.seat_choice, state.delegations.map((d) => [d.seated, d.present])]);
}

export function render(ctx) {
  const {state, act} = ctx;
  const lobby = state.players.filter((p) => !p.delegation);
  return [
    h("div", {class: "control-row"},
      button("seat-choice", state.seat_choice ? "Students may choose open seats: on" : "Students may choose open seats: off",
        () => act("seat-choice", {type: "AllowSeatChoice", allowed: !state.seat_choice},
          {success: state.seat_choice ? "The chair now assigns the seats." : "Students may now choose an open seat."}),
        {pressed: state.seat_choice, variant: "toggle"})),
    h("h3", {class: "subhead", text: `In the lobby (${lobby.length})`}),
    lobby.length ? h("ul", {class: "players"}, lobby.map((p) => playerRow(ctx, p)))
      : h("p", {class: "muted", text: "Nobody is waiting. Students join at the home page with the code."}),
    h("h3", {class: "subhead", text: "Delegations"}),
    h("ul", {class: "delegation-seats"}, state.delegations.map((d) => {
      const players = state.players.filter((p) => p.delegation === d.id);
      return h("li", {class: "delegation-seat"},
        h("p", {class: "delegation-seat-head"},
          h("strong", {text: d.name}),
          h("span", {class: "muted", text: ` · ${label.bloc(state, d.bloc)}`}),
          players.length ? null : h("span", {class: "tag tag-autopilot", text: "Autopilot"}),
          d.present ? null : h("span", {class: "tag", text: "Absent"})),
        players.length ? h("ul", {class: "players"}, players.map((p) => playerRow(ctx, p))) : null);
    })),
  ];
}

function playerRow(ctx, player) {
  const {state, act} = ctx;
  const id = `seat-${player.id}`;
  const options = [["", "Lobby (no seat)"], ...state.delegations.map((d) => {
    const holders = state.players.filter((p) => p.delegation === d.id && p.id !== player.id).map((p) => p.name);
    return [d.id, holders.length ? `${d.name} (with ${holders.join(", ")})` : d.name];
  })];
  const firstOpen = state.delegations.find((d) => !d.seated && d.present);
  const choice = select(id, options, {value: player.delegation || (firstOpen ? firstOpen.id : "")});
  return h("li", {class: "player"},
    h("span", {class: "player-name", text: player.name}),
    h("div", {class: "control-row"},
      h("label", {class: "inline-field grow"}, h("span", {class: "visually-hidden", text: `Seat for ${player.name}`}), choice),
      button(`move-${player.id}`, player.delegation ? "Move" : "Seat", () => {
        const delegation = choice.value || null;
        act(`move-${player.id}`, {type: "SeatPlayer", player: player.id, name: player.name, delegation},
          {success: delegation ? `${player.name} now holds the seat of ${label.delegation(state, delegation)}.` : `${player.name} is back in the lobby.`});
      }, {variant: "small"}),
      removeButton(ctx, player)));
}

function removeButton(ctx, player) {
  const wrap = h("span", {class: "confirm"});
  const ask = button(`remove-${player.id}`, "Remove", () => {
    wrap.replaceChildren(
      button(`remove-${player.id}`, `Remove ${player.name}?`, () => ctx.act(`remove-${player.id}`,
        {type: "RemovePlayer", player: player.id}, {success: `${player.name} has been removed.`}), {variant: "danger small"}),
      button(`remove-cancel-${player.id}`, "Cancel", () => { wrap.replaceChildren(ask); ask.focus(); }, {variant: "small"}));
    wrap.querySelector("button").focus();
  }, {variant: "quiet small"});
  wrap.append(ask);
  return wrap;
}
