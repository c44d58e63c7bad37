// Opening hours shared by the page's scripts: the rule of Window.covers in
// hooks/helpsite/model.py. Weekday Monday = 0; a window whose end is before its start
// runs past midnight into the next day.
window.helpsiteSchedule = {
  covers(window, weekday, minute) {
    if (window.end > window.start) {
      return window.days.includes(weekday) && window.start <= minute && minute < window.end;
    }
    const yesterday = (weekday + 6) % 7;
    return (window.days.includes(weekday) && minute >= window.start) ||
      (window.days.includes(yesterday) && minute < window.end);
  },
};
