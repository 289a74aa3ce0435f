//! The report as a static site: `index.html` and one SVG per chart, no scripts and no external
//! assets, so it opens from disk, from CI artifacts or from GitHub Pages alike.

use super::Report;
use crate::worklog::format_optional_minutes;

/// Escapes text for HTML and SVG.
fn esc(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 260.0;
const LEFT: f64 = 48.0;
const BOTTOM: f64 = 40.0;
const TOP: f64 = 16.0;
const INK: &str = "#1f2933";
const GRID: &str = "#d9dee3";

fn svg_open(title: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"{WIDTH}\" height=\"{HEIGHT}\" role=\"img\" aria-label=\"{t}\" font-family=\"system-ui, sans-serif\" font-size=\"11\"><title>{t}</title>\n",
        t = esc(title)
    )
}

/// A round number of grid steps above `max`.
fn scale(max: f64) -> (f64, f64) {
    let max = max.max(1.0);
    let raw = max / 4.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    // Whole steps: the charts count tickets, percents and hours.
    let step = [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * magnitude).find(|s| *s >= raw).unwrap_or(raw).max(1.0);
    (step, (max / step).ceil() * step)
}

fn axes(out: &mut String, top: f64) {
    let plot_h = HEIGHT - TOP - BOTTOM;
    let (step, _) = scale(top);
    let mut value = 0.0;
    while value <= top + 1e-9 {
        let y = HEIGHT - BOTTOM - value / top * plot_h;
        out.push_str(&format!(
            "<line x1=\"{LEFT}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"{GRID}\"/><text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"{INK}\">{}</text>\n",
            WIDTH - 8.0,
            LEFT - 6.0,
            y + 4.0,
            value
        ));
        value += step;
    }
}

/// Labels under the x axis, thinned so they do not overlap.
fn x_labels(out: &mut String, labels: &[String], x_of: &dyn Fn(usize) -> f64) {
    let every = (labels.len() / 12).max(1);
    for (i, label) in labels.iter().enumerate().filter(|(i, _)| i % every == 0) {
        out.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\" fill=\"{INK}\">{}</text>\n",
            x_of(i),
            HEIGHT - BOTTOM + 16.0,
            esc(label)
        ));
    }
}

/// A bar chart: one or two series (`(name, colour, values)`) side by side per label.
pub fn bars(title: &str, labels: &[String], series: &[(&str, &str, Vec<f64>)]) -> String {
    let mut out = svg_open(title);
    let max = series.iter().flat_map(|(_, _, v)| v.iter().copied()).fold(0.0, f64::max);
    let (_, top) = scale(max);
    axes(&mut out, top);
    let plot_w = WIDTH - LEFT - 16.0;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let slot = plot_w / labels.len().max(1) as f64;
    let bar = (slot * 0.8 / series.len().max(1) as f64).max(1.0);
    for (s, (name, colour, values)) in series.iter().enumerate() {
        for (i, value) in values.iter().enumerate() {
            let h = value / top * plot_h;
            let x = LEFT + i as f64 * slot + slot * 0.1 + s as f64 * bar;
            out.push_str(&format!(
                "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{bar:.1}\" height=\"{h:.1}\" fill=\"{colour}\"><title>{}: {} {}</title></rect>\n",
                HEIGHT - BOTTOM - h,
                esc(&labels[i]),
                value,
                esc(name)
            ));
        }
    }
    x_labels(&mut out, labels, &|i| LEFT + (i as f64 + 0.5) * slot);
    legend(&mut out, series.iter().map(|(n, c, _)| (*n, *c)));
    out.push_str("</svg>\n");
    out
}

/// A line chart of one series.
pub fn line(title: &str, labels: &[String], name: &str, colour: &str, values: &[f64]) -> String {
    let mut out = svg_open(title);
    let (_, top) = scale(values.iter().copied().fold(0.0, f64::max));
    axes(&mut out, top);
    let plot_w = WIDTH - LEFT - 16.0;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let x_of =
        |i: usize| LEFT + if values.len() > 1 { i as f64 * plot_w / (values.len() - 1) as f64 } else { plot_w / 2.0 };
    let points: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, v)| format!("{:.1},{:.1}", x_of(i), HEIGHT - BOTTOM - v / top * plot_h))
        .collect();
    out.push_str(&format!(
        "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{}\"/>\n",
        points.join(" ")
    ));
    x_labels(&mut out, labels, &x_of);
    legend(&mut out, [(name, colour)].into_iter());
    out.push_str("</svg>\n");
    out
}

fn legend<'a>(out: &mut String, items: impl Iterator<Item = (&'a str, &'a str)>) {
    let mut x = LEFT;
    for (name, colour) in items {
        out.push_str(&format!(
            "<rect x=\"{x}\" y=\"2\" width=\"10\" height=\"10\" fill=\"{colour}\"/><text x=\"{}\" y=\"11\" fill=\"{INK}\">{}</text>\n",
            x + 14.0,
            esc(name)
        ));
        x += 20.0 + 7.0 * name.len() as f64;
    }
}

/// The site's files: `(name, contents)`, `index.html` first.
pub fn site(report: &Report, title: &str) -> Vec<(String, String)> {
    let days: Vec<String> = report.days.iter().map(|d| d.day.format("%m-%d").to_string()).collect();
    let volume = bars(
        "Tickets created and solved per day",
        &days,
        &[
            ("created", "#3b82f6", report.days.iter().map(|d| d.created as f64).collect()),
            ("solved", "#10b981", report.days.iter().map(|d| d.solved as f64).collect()),
        ],
    );
    let backlog = line(
        "Unresolved tickets at the end of each day",
        &days,
        "backlog",
        "#f59e0b",
        &report.days.iter().map(|d| d.backlog as f64).collect::<Vec<_>>(),
    );
    let histogram = |title: &str, d: &super::Distribution, colour: &'static str| {
        let labels: Vec<String> = d.buckets.iter().map(|b| b.label.to_string()).collect();
        bars(title, &labels, &[("tickets", colour, d.buckets.iter().map(|b| b.tickets as f64).collect())])
    };
    let first = histogram("First response time", &report.first_response, "#6366f1");
    let resolution = histogram("Resolution time", &report.resolution, "#8b5cf6");
    let weeks: Vec<String> = report.sla_weeks.iter().map(|w| w.week.format("%m-%d").to_string()).collect();
    let sla = bars(
        "SLA compliance by week (percent of targets met)",
        &weeks,
        &[("met %", "#10b981", report.sla_weeks.iter().map(|w| w.compliance_percent.unwrap_or(0.0)).collect())],
    );
    let agents: Vec<String> = report.agents.iter().map(|a| a.agent.clone()).collect();
    let workload = bars(
        "Workload per agent",
        &agents,
        &[
            ("open now", "#f59e0b", report.agents.iter().map(|a| a.open as f64).collect()),
            ("solved in period", "#10b981", report.agents.iter().map(|a| a.solved as f64).collect()),
        ],
    );
    let logged = bars(
        "Hours logged per agent",
        &agents,
        &[("hours", "#0ea5e9", report.agents.iter().map(|a| (a.minutes_logged as f64 / 6.0).round() / 10.0).collect())],
    );
    let charts = [
        ("volume.svg", "Volume", volume),
        ("backlog.svg", "Backlog", backlog),
        ("first-response.svg", "First response", first),
        ("resolution.svg", "Resolution", resolution),
        ("sla.svg", "SLA compliance", sla),
        ("workload.svg", "Workload", workload),
        ("time-logged.svg", "Time logged", logged),
    ];
    let mut rows = String::new();
    for a in &report.agents {
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            esc(&a.agent),
            a.open,
            a.solved,
            crate::worklog::format_minutes(a.minutes_logged)
        ));
    }
    let mut index = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{t}</title>\n<style>\nbody {{ font-family: system-ui, sans-serif; color: {INK}; max-width: 760px; margin: 2rem auto; padding: 0 1rem; }}\nh1 {{ font-size: 1.5rem; }} h2 {{ font-size: 1.1rem; margin-top: 2rem; }}\n.figures {{ display: flex; gap: 1.5rem; flex-wrap: wrap; }} .figures div {{ min-width: 8rem; }}\n.figures b {{ display: block; font-size: 1.6rem; }}\nimg {{ max-width: 100%; height: auto; }} table {{ border-collapse: collapse; }} td, th {{ padding: .25rem .75rem; border-bottom: 1px solid {GRID}; text-align: left; }}\n</style>\n</head>\n<body>\n<h1>{t}</h1>\n<p>{} to {}</p>\n<div class=\"figures\">\n<div><b>{}</b>created</div><div><b>{}</b>solved</div><div><b>{}</b>unresolved now</div><div><b>{}</b>median first response</div><div><b>{}</b>median resolution</div>\n</div>\n",
        report.since,
        report.until,
        report.created,
        report.solved,
        report.backlog,
        format_optional_minutes(report.first_response.median_minutes),
        format_optional_minutes(report.resolution.median_minutes),
        t = esc(title),
    );
    for (file, heading, _) in &charts {
        index.push_str(&format!("<h2>{heading}</h2>\n<img src=\"{file}\" alt=\"{heading} chart\">\n"));
    }
    index.push_str(&format!(
        "<h2>Agents</h2>\n<table>\n<thead><tr><th>Agent</th><th>Open now</th><th>Solved</th><th>Time logged</th></tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n<p><small>Figures as JSON: <code>desk report --json</code>.</small></p>\n</body>\n</html>\n"
    ));
    std::iter::once(("index.html".to_string(), index))
        .chain(charts.into_iter().map(|(file, _, svg)| (file.to_string(), svg)))
        .collect()
}
