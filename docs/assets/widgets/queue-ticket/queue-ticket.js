// <queue-ticket>: my place in the queue, from the ticket id in the page's fragment (#id=…),
// refreshed every 15 seconds; says clearly when it is my turn and at which counter.
import { fill, h, ProblemError, Widget, ZONE } from "../shared/widget.js";

const REFRESH_MS = 15_000;

export class QueueTicket extends Widget {
  connectedCallback() {
    if (this.shell) return;
    this.setUp("bz-ticket");
    this.ticketId = new URLSearchParams(window.location.hash.slice(1)).get("id");
    this.state = null;
    if (!this.ticketId) {
      this.show(this.t.heading, h("p", {}, this.t.missing));
      return;
    }
    this.refresh();
    this.timer = window.setInterval(() => this.refresh(), REFRESH_MS);
  }

  disconnectedCallback() {
    window.clearInterval(this.timer);
  }

  async refresh() {
    let ticket;
    try {
      ticket = await this.api("GET", `/queue/tickets/${encodeURIComponent(this.ticketId)}`);
    } catch (error) {
      if (!(error instanceof ProblemError)) throw error;
      this.showAlert(error.problem.title || this.t.serverError);
      return;
    }
    const time = new Intl.DateTimeFormat(this.language, { timeZone: ZONE, hour: "2-digit", minute: "2-digit",
      hourCycle: "h23" }).format(new Date());
    const message = {
      waiting: `${this.t.waiting} ${this.t.ahead} ${ticket.ahead}. ${fill(this.t.wait, { n: ticket.estimated_minutes })}`,
      called: fill(this.t.called, { counter: ticket.counter }),
      served: this.t.served,
      "no-show": this.t.noShow,
    }[ticket.state];
    const changed = this.state !== `${ticket.state}/${ticket.counter}`;
    this.state = `${ticket.state}/${ticket.counter}`;
    const content = [
      h("p", { class: "bz-queue__number", "data-number": ticket.number }, ticket.number),
      h("p", { class: `bz-ticket__message bz-ticket__message--${ticket.state}` }, message),
      h("p", { class: "bz-ticket__updated" }, fill(this.t.updated, { time })),
    ];
    if (changed) {
      this.show(this.t.heading, ...content);
      this.announce(message);
    } else {
      this.body.replaceChildren(...content);
      this.clearAlert();
    }
  }
}

if (!customElements.get("queue-ticket")) customElements.define("queue-ticket", QueueTicket);
