// The fair release in <booking-calendar>: a service whose times are given by ballot, the ballot
// entry (#entry=<release>/<id>&token=…) and the waiting list with its offers
// (#waiting=<id>&token=…). Mixed into BookingCalendar, so `this` is the widget.
// The tokens stay in the fragment and travel in the X-Entry-Token / X-Waiting-Token headers.
import { fill, h, plural, ProblemError, Widget } from "../shared/widget.js";

const WORKDAYS = [0, 1, 2, 3, 4]; // Monday … Friday: the office's days
const PARTS = ["morning", "afternoon"];

function ballotPhase(ballot, now = Date.now()) {
  if (!ballot) return null;
  if (ballot.state === "drawn") return "drawn";
  if (now < new Date(ballot.entries_open).getTime()) return "soon";
  if (now < new Date(ballot.entries_close).getTime()) return "open";
  return "closed";
}

export const FairRelease = {
  // The API's own title is already in the reader's language; the widget's words for a code it
  // knows come first, so a screen reads the same whoever wrote the problem.
  async guarded(action) {
    try {
      await action();
    } catch (error) {
      const known = error instanceof ProblemError && this.t.problems?.[error.problem.code];
      if (known) error.problem.title = known;
      return Widget.prototype.guarded.call(this, () => { throw error; });
    }
  },

  releaseOf(service) {
    return service?.release || { mode: "first-come", ballot: null };
  },

  describeMode(service) {
    const ballot = this.releaseOf(service).ballot;
    const when = (instant) => this.formatWhen(new Date(instant));
    switch (ballotPhase(ballot)) {
      case "soon": return fill(this.t.release.modeSoon, { time: when(ballot.entries_open) });
      case "open": return fill(this.t.release.modeBallot, { time: when(ballot.entries_close) });
      case "closed": return fill(this.t.release.modeResults, { time: when(ballot.draw_at) });
      default: return this.t.release.modeFirstCome;
    }
  },

  // After the office and service: the calendar when times are first come (or the ballot is
  // drawn and what it left is), else the ballot's page.
  async proceed(choice) {
    const ballot = this.releaseOf(this.serviceOf(choice.site, choice.service)).ballot;
    const phase = ballotPhase(ballot);
    if (!phase || phase === "drawn") return this.month(choice, new Date());
    return this.ballot(choice, ballot, phase);
  },

  ballot(choice, ballot, phase) {
    const when = (instant) => this.formatWhen(new Date(instant));
    const text = {
      soon: fill(this.t.release.ballotSoon, { open: when(ballot.entries_open), close: when(ballot.entries_close) }),
      open: fill(this.t.release.ballotText, { close: when(ballot.entries_close), draw: when(ballot.draw_at) }),
      closed: fill(this.t.release.modeResults, { time: when(ballot.draw_at) }),
    }[phase];
    this.show(this.t.release.ballotHeading,
      h("p", { class: "bz-booking__choice" }, this.describeChoice(choice)),
      h("p", { class: "bz-booking__lead" }, text),
      h("p", {}, fill(this.t.release.ballotDays, {
        first: this.formatDay(new Date(`${ballot.first_day}T12:00:00Z`)),
        last: this.formatDay(new Date(`${ballot.last_day}T12:00:00Z`)),
      })),
      phase === "open"
        ? h("div", { class: "bz-widget__actions" },
          h("button", { type: "button", class: "md-button md-button--primary",
            onclick: () => this.entryForm(choice, ballot) }, this.t.release.enter))
        : null,
      this.waitingChoice(choice, phase !== "open"),
      this.backButton(() => this.choose(choice)));
  },

  // "Join the waiting list": the way forward when nothing is free, a second choice otherwise.
  waitingChoice(choice, main) {
    return h("div", { class: "bz-booking__waiting" },
      h("p", {}, main ? this.t.release.waitingMain : this.t.release.waitingAlso),
      h("button", { type: "button", class: main ? "md-button md-button--primary" : "md-button",
        onclick: () => this.waitingForm(choice) }, this.t.release.joinWaiting));
  },

  // Preferences: working days, morning or afternoon, a first day. Empty means any.
  preferenceFields() {
    const dayName = (day) => new Intl.DateTimeFormat(this.language, { weekday: "long", timeZone: "UTC" })
      .format(new Date(Date.UTC(2024, 0, 1 + day)));
    const check = (id, name, value, label) => h("div", { class: "bz-field bz-field--check" },
      h("input", { id, name, type: "checkbox", value }), h("label", { for: id }, label));
    const earliest = h("input", { id: "bz-earliest", name: "earliest", type: "date",
      "aria-describedby": "bz-earliest-hint" });
    const nodes = h("fieldset", { class: "bz-booking__preferences" },
      h("legend", {}, this.t.release.preferences),
      h("p", { class: "bz-field__hint" }, this.t.release.preferencesHint),
      h("fieldset", { class: "bz-booking__choices" }, h("legend", {}, this.t.release.weekdays),
        WORKDAYS.map((day) => check(`bz-day-${day}`, "weekday", day, dayName(day)))),
      h("fieldset", { class: "bz-booking__choices" }, h("legend", {}, this.t.release.parts),
        PARTS.map((part) => check(`bz-part-${part}`, "part", part, this.t.release[part]))),
      h("div", { class: "bz-field", "data-field": "bz-earliest" },
        h("label", { for: "bz-earliest" }, this.t.release.earliest),
        h("p", { class: "bz-field__hint", id: "bz-earliest-hint" }, this.t.release.earliestHint),
        earliest));
    const read = () => ({
      weekdays: [...nodes.querySelectorAll("input[name=weekday]:checked")].map((box) => Number(box.value)),
      parts: [...nodes.querySelectorAll("input[name=part]:checked")].map((box) => box.value),
      earliest: earliest.value || null,
    });
    return { nodes, read };
  },

  personForm(choice, heading, submitText, submit, back) {
    const person = this.personFields(this.serviceOf(choice.site, choice.service), this.t.release.consent);
    const preferences = this.preferenceFields();
    const form = h("form", { class: "bz-booking__form", novalidate: true,
      onsubmit: (event) => {
        event.preventDefault();
        this.guarded(() => submit(person, preferences.read()));
      } },
    h("p", { class: "bz-booking__choice" }, this.describeChoice(choice)),
    person.nodes,
    preferences.nodes,
    h("button", { type: "submit", class: "md-button md-button--primary" }, submitText));
    this.show(heading, form, this.backButton(back));
  },

  entryForm(choice, ballot) {
    this.personForm(choice, this.t.release.entryHeading, this.t.release.sendEntry, async (person, preferences) => {
      const sent = await this.sendPerson(person, (fields) => this.api("POST",
        `/ballots/${encodeURIComponent(ballot.id)}/entries`, { body: { ...fields, preferences } }));
      if (!sent) return;
      this.show(this.t.checkHeading, h("p", { class: "bz-booking__lead" },
        fill(this.t.release.entryCheck, {
          email: person.inputs.email.value.trim(), time: this.formatWhen(new Date(ballot.entries_close)) })));
      this.announce(this.t.release.status.sent);
    }, () => this.ballot(choice, ballot, ballotPhase(ballot)));
  },

  waitingForm(choice) {
    this.personForm(choice, this.t.release.waitingHeading, this.t.release.joinWaiting, async (person, preferences) => {
      const joined = await this.sendPerson(person, (fields) => this.api("POST", "/waiting",
        { body: { site: choice.site, service: choice.service, ...fields, preferences } }));
      if (!joined) return;
      this.show(this.t.release.joinedHeading,
        h("p", { class: "bz-booking__lead" }, fill(this.t.release.joinedText, { position: joined.position })),
        h("p", {}, fill(this.t.release.joinedEmail, { email: person.inputs.email.value.trim() })));
      this.announce(this.t.release.status.joined);
    }, () => this.proceed(choice));
  },

  // #entry=<release>/<id>&token=…: the first opening confirms the entry, later ones show it.

  async entry(release, id, token) {
    this.setHeading(this.t.release.entryView);
    this.body.replaceChildren(h("p", {}, this.t.loading));
    const path = `/ballots/${encodeURIComponent(release)}/entries/${encodeURIComponent(id)}`;
    let view = await this.api("GET", path, { headers: { "X-Entry-Token": token } });
    if (view.state === "pending") {
      view = await this.api("POST", "/ballots/entries/confirm", { body: { release, entry: id, token } });
      this.announce(this.t.release.status.entered);
    }
    return this.showEntry(view, path, token);
  },

  showEntry(view, path, token) {
    const when = (instant) => this.formatWhen(new Date(instant));
    const open = Date.now() < new Date(view.entries_close).getTime();
    const said = {
      pending: this.t.release.entryPending,
      entered: fill(this.t.release.entryEntered, { time: when(view.draw_at) }),
      withdrawn: this.t.release.entryWithdrawn,
      won: this.t.release.entryWon,
      "not-drawn": this.t.release.entryNotDrawn,
    }[view.state] || "";
    const booking = view.booking;
    const manage = booking?.manage_token
      ? h("p", {}, h("a", { class: "bz-booking__manage",
        href: `#manage=${encodeURIComponent(booking.code)}&token=${encodeURIComponent(booking.manage_token)}` },
      this.t.manageLink))
      : h("p", {}, this.t.release.manageInEmail);
    const withdraw = h("button", { type: "button", class: "md-button",
      onclick: () => this.askWithdraw(view, path, token) }, this.t.release.withdraw);
    this.show(view.state === "won" ? this.t.confirmedHeading : this.t.release.entryView,
      h("p", { class: "bz-booking__lead", "data-state": view.state }, said),
      // show() takes nodes, not lists: the booking's lines are spread in.
      ...(booking ? [
        h("p", { class: "bz-booking__code-label" }, this.t.code),
        h("p", { class: "bz-booking__code", "data-code": booking.code }, booking.code),
        h("dl", { class: "bz-booking__details" }, h("dt", {}, this.t.when), h("dd", {}, when(booking.start))),
        manage,
      ] : []),
      view.state === "entered" && open ? h("div", { class: "bz-widget__actions" }, withdraw) : null);
  },

  askWithdraw(view, path, token) {
    const yes = h("button", { type: "button", class: "md-button md-button--primary",
      onclick: () => this.guarded(async () => {
        const withdrawn = await this.api("POST", `${path}/withdraw`, { headers: { "X-Entry-Token": token } });
        this.showEntry({ ...view, ...withdrawn }, path, token);
        this.announce(this.t.release.entryWithdrawn);
      }) }, this.t.release.withdrawYes);
    const no = h("button", { type: "button", class: "md-button",
      onclick: () => this.showEntry(view, path, token) }, this.t.cancelNo);
    this.show(this.t.release.withdraw,
      h("p", {}, fill(this.t.release.withdrawQuestion, { time: this.formatWhen(new Date(view.entries_close)) })),
      h("div", { class: "bz-widget__actions" }, yes, no));
  },

  // #waiting=<id>&token=…: the place on the list, and an open offer with Accept / Decline.

  async waiting(id, token) {
    this.setHeading(this.t.release.waitingView);
    this.body.replaceChildren(h("p", {}, this.t.loading));
    const place = await this.api("GET", `/waiting/${encodeURIComponent(id)}`, { headers: { "X-Waiting-Token": token } });
    await this.catalogue(place.site);
    return this.showWaiting(place, token);
  },

  waitingCall(place, token, verb) {
    return this.api("POST", `/waiting/${encodeURIComponent(place.id)}/${verb}`, { headers: { "X-Waiting-Token": token } });
  },

  showWaiting(place, token) {
    const choice = { site: place.site, service: place.service };
    if (place.state === "left") {
      return this.show(this.t.release.leftHeading, h("p", { class: "bz-booking__lead" }, this.t.release.leftText),
        h("button", { type: "button", class: "md-button md-button--primary",
          onclick: () => this.guarded(() => this.choose(choice)) }, this.t.bookAgain));
    }
    if (place.state === "booked") {
      return this.show(this.t.release.waitingView,
        h("p", { class: "bz-booking__lead" }, this.t.release.bookedText));
    }
    const leave = h("button", { type: "button", class: "md-button",
      onclick: () => this.askLeave(place, token) }, this.t.release.leave);
    const offer = place.state === "offered" ? place.offer : null;
    if (!offer) {
      return this.show(this.t.release.waitingView,
        h("p", { class: "bz-booking__choice" }, this.describeChoice(choice)),
        h("p", { class: "bz-booking__lead", "data-position": place.position },
          fill(this.t.release.position, { position: place.position })),
        h("p", {}, this.t.release.waitingHow),
        h("div", { class: "bz-widget__actions" }, leave));
    }
    const minutes = Math.max(0, Math.floor((new Date(offer.expires_at).getTime() - Date.now()) / 60_000));
    const accept = h("button", { type: "button", class: "md-button md-button--primary",
      onclick: () => this.guarded(async () => {
        const accepted = await this.waitingCall(place, token, "accept");
        const code = accepted.booking.code;
        window.history.replaceState(null, "",
          `#manage=${encodeURIComponent(code)}&token=${encodeURIComponent(accepted.manage_token)}`);
        await this.showBooking(accepted.booking, accepted.manage_token, this.t.confirmedHeading);
        this.announce(this.t.release.status.accepted);
      }) }, this.t.release.accept);
    const decline = h("button", { type: "button", class: "md-button",
      onclick: () => this.guarded(async () => {
        const declined = await this.waitingCall(place, token, "decline");
        this.showWaiting(declined.id ? declined : { ...place, state: "waiting", offer: null }, token);
        this.announce(this.t.release.status.declined);
      }) }, this.t.release.decline);
    return this.show(this.t.release.offerHeading,
      h("p", { class: "bz-booking__choice" }, this.describeChoice(choice)),
      h("p", { class: "bz-booking__lead", "data-start": offer.start },
        fill(this.t.release.offerText, { time: this.formatWhen(new Date(offer.start)) })),
      h("p", { class: "bz-booking__rules" },
        fill(this.t.release.offerUntil, { time: this.formatWhen(new Date(offer.expires_at)) }), " ",
        plural(this.t.release.minutesLeft, minutes, this.language)),
      h("div", { class: "bz-widget__actions" }, accept, decline),
      h("div", { class: "bz-widget__actions" }, leave));
  },

  askLeave(place, token) {
    const yes = h("button", { type: "button", class: "md-button md-button--primary",
      onclick: () => this.guarded(async () => {
        const left = await this.waitingCall(place, token, "leave");
        this.showWaiting({ ...place, ...left, state: "left" }, token);
        this.announce(this.t.release.leftHeading);
      }) }, this.t.release.leaveYes);
    const no = h("button", { type: "button", class: "md-button",
      onclick: () => this.showWaiting(place, token) }, this.t.cancelNo);
    this.show(this.t.release.leave, h("p", {}, this.t.release.leaveQuestion),
      h("div", { class: "bz-widget__actions" }, yes, no));
  },
};
