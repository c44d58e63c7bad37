// "Open now" beside each line and schedule. The build embeds each service's weekly windows,
// its desk's time zone and the texts (already in the page's language); this script only
// reads the desk's wall clock and finds the window. The visitor's own time zone plays no
// part: a customer abroad sees when the desk in Berlin answers.
(() => {
  "use strict";

  const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
  const MINUTES_PER_WEEK = 7 * 24 * 60;

  // Weekday (Monday 0) and minute after midnight on the desk's clock.
  function deskClock(zone, now) {
    const parts = new Intl.DateTimeFormat("en-US", {
      timeZone: zone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    }).formatToParts(now);
    const part = (type) => parts.find((p) => p.type === type).value;
    return { weekday: WEEKDAYS.indexOf(part("weekday")), minute: Number(part("hour")) * 60 + Number(part("minute")) };
  }

  const { covers } = window.helpsiteSchedule;

  const isOpen = (service, at) => service.windows.some((w) => covers(w, at.weekday, at.minute));

  // Minutes from `at` until the service is in state `open` again (null: never).
  function minutesUntil(service, at, open) {
    for (let step = 1; step <= MINUTES_PER_WEEK; step += 1) {
      const total = at.minute + step;
      const later = { weekday: (at.weekday + Math.floor(total / 1440)) % 7, minute: total % 1440 };
      if (isOpen(service, later) === open) return step;
    }
    return null;
  }

  function status(services, now) {
    for (const service of services) {
      const at = deskClock(service.zone, now);
      if (!isOpen(service, at)) continue;
      const closesIn = minutesUntil(service, at, false);
      const closes = (at.minute + closesIn) % 1440;
      return { open: true, text: service.open.replace("{time}", service.times[closes] || "") };
    }
    let best = null;
    for (const service of services) {
      const at = deskClock(service.zone, now);
      const opensIn = minutesUntil(service, at, true);
      if (opensIn === null || (best && best.opensIn <= opensIn)) continue;
      const total = at.minute + opensIn;
      const day = (at.weekday + Math.floor(total / 1440)) % 7;
      const time = service.times[total % 1440];
      const text = day === at.weekday && opensIn < 1440
        ? service.closedToday.replace("{time}", time)
        : service.closed.replace("{day}", service.days[day]).replace("{time}", time);
      best = { opensIn, text };
    }
    return { open: false, text: best ? best.text : "" };
  }

  function update() {
    const now = new Date();
    for (const element of document.querySelectorAll(".helpsite-open-now")) {
      const result = status(JSON.parse(element.dataset.services), now);
      element.textContent = result.text;
      element.classList.toggle("helpsite-open", result.open);
      element.classList.toggle("helpsite-closed", !result.open);
    }
    for (const cell of document.querySelectorAll(".helpsite-now")) cell.hidden = false;
  }

  update();
  setInterval(update, 30 * 1000);
})();
