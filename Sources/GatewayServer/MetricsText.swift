import Agents
import CoreTypes
/// The Prometheus text exposition format (version 0.0.4): `# HELP`, `# TYPE` and one
/// `name{label="value"} number` line per sample. Label values are escaped as the format asks.
struct MetricsText {
    private(set) var text = ""

    mutating func gauge(_ name: String, help: String, samples: [(labels: [(String, String)], value: Double)]) {
        text += "# HELP \(name) \(help)\n# TYPE \(name) gauge\n"
        for sample in samples {
            let labels = sample.labels.map { "\($0.0)=\"\(Self.escape($0.1))\"" }.joined(separator: ",")
            text += name + (labels.isEmpty ? "" : "{\(labels)}") + " \(Self.format(sample.value))\n"
        }
    }

    mutating func counter(_ name: String, help: String, samples: [(labels: [(String, String)], value: Double)]) {
        text += "# HELP \(name) \(help)\n# TYPE \(name) counter\n"
        for sample in samples {
            let labels = sample.labels.map { "\($0.0)=\"\(Self.escape($0.1))\"" }.joined(separator: ",")
            text += name + (labels.isEmpty ? "" : "{\(labels)}") + " \(Self.format(sample.value))\n"
        }
    }

    /// A cumulative histogram: `counts[i]` observations were ≤ `bounds[i]`.
    mutating func histogram(_ name: String, help: String,
                            series: [(labels: [(String, String)], bounds: [Double], counts: [Int], count: Int, sum: Double)]) {
        text += "# HELP \(name) \(help)\n# TYPE \(name) histogram\n"
        for one in series {
            let labels = one.labels.map { "\($0.0)=\"\(Self.escape($0.1))\"" }
            func line(_ suffix: String, _ extra: [String], _ value: Double) {
                let all = labels + extra
                text += name + suffix + (all.isEmpty ? "" : "{\(all.joined(separator: ","))}") + " \(Self.format(value))\n"
            }
            for (bound, count) in zip(one.bounds, one.counts) { line("_bucket", ["le=\"\(Self.format(bound))\""], Double(count)) }
            line("_bucket", ["le=\"+Inf\""], Double(one.count))
            line("_sum", [], one.sum)
            line("_count", [], Double(one.count))
        }
    }

    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

extension CallEngine {
    /// `GET /metrics`: trunk registration and keep-alive state, and calls in progress.
    func metricsText() -> String {
        var metrics = MetricsText()
        let statuses = trunkStatuses()
        metrics.gauge("gateway_trunk_registered", help: "1 while the trunk's registration is in force, 0 otherwise.",
                      samples: statuses.compactMap { status in
                          status.registration.map { ([("trunk", status.name)], $0.state == "registered" ? 1 : 0) }
                      })
        metrics.gauge("gateway_trunk_up", help: "OPTIONS keep-alive: 1 up, 0 down, -1 not probed yet.",
                      samples: statuses.compactMap { status in
                          status.keepAlive.map { keepAlive in
                              ([("trunk", status.name)], keepAlive.state == "up" ? 1 : keepAlive.state == "down" ? 0 : -1)
                          }
                      })
        metrics.gauge("gateway_trunk_options_rtt_seconds", help: "Round trip of the last answered OPTIONS probe.",
                      samples: statuses.compactMap { status in
                          status.keepAlive?.roundTripMs.map { ([("trunk", status.name)], Double($0) / 1000) }
                      })
        metrics.gauge("gateway_calls_active", help: "Calls in progress.", samples: [([], Double(calls.count))])
        metrics.gauge("gateway_calls_reconnecting", help: "Calls whose browser dropped off and is awaited (calls.disconnect_interval).",
                      samples: [([], Double(calls.values.filter(\.isReconnecting).count))])
        let agents = distributor.snapshot(now: clock.now)
        metrics.gauge("gateway_agents", help: "Agents on the roster by presence and activity.",
                      samples: Dictionary(grouping: agents.agents) { [$0.presence.rawValue, $0.activity.name] }
                          .sorted { $0.key.joined() < $1.key.joined() }
                          .map { key, members in
                              ([("presence", key.first ?? ""), ("activity", key.last ?? "")], Double(members.count))
                          })
        metrics.gauge("gateway_calls_waiting_for_agents", help: "Calls ringing agents or waiting in a queue.",
                      samples: [([], Double(agents.waiting.count))])
        callMetrics(into: &metrics)
        qualityMetrics(into: &metrics)
        metrics.counter("gateway_sip_dropped_total", help: "SIP messages dropped unanswered from sources that are not trunks, by reason.",
                        samples: ["banned", "rate_limited"].map { ([("reason", $0)], Double(sipDropped[$0] ?? 0)) })
        metrics.gauge("gateway_sip_sources_banned", help: "Source addresses banned now (sip.ban_after_failures).",
                      samples: [([], Double(sourceGuard.banned(now: clock.now).count))])
        metrics.counter("gateway_web_connections_refused_total",
                        help: "Signaling connections refused, by reason (bad_identity, token_required, token_invalid, token_expired, "
                            + "token_not_yet_valid, bad_origin, link_unknown, link_closed).",
                        samples: ["bad_identity", "token_required", "token_invalid", "token_expired", "token_not_yet_valid",
                                  "bad_origin", "link_unknown", "link_closed"]
                            .map { ([("reason", $0)], Double(webAuthRefusals[$0] ?? 0)) })
        metrics.counter("gateway_browser_reconnects_total",
                        help: "Browsers that dropped off during a call kept for them (dropped), and how they came back: "
                            + "resume on a new connection (resumed) or the same path working again (path_restored).",
                        samples: ["dropped", "resumed", "path_restored"].map { ([("event", $0)], Double(reconnects[$0] ?? 0)) })
        metrics.counter("gateway_calls_refused_overload_total",
                        help: "New calls refused while the gateway could not keep up (calls.overload_queue_delay_ms), "
                            + "by side (web, trunk).",
                        samples: ["trunk", "web"].map { ([("side", $0)], Double(overloadRefusals[$0] ?? 0)) })
        metrics.gauge("gateway_overloaded", help: "1 while new calls are refused for load, 0 otherwise.",
                      samples: [([], overload.admitsNewCalls ? 0 : 1)])
        metrics.gauge("gateway_engine_queue_delay_seconds",
                      help: "The longest wait for the call engine or a media thread (queue, probe, timers) since the last scrape.",
                      samples: [([], Double(overload.takeLongestDelay().nanosecondsClamped) / 1e9)])
        metrics.counter("gateway_calls_over_limit_total",
                        help: "Calls refused over a calls-at-once or calls-per-minute limit, by scope (identity, call_link, trunk).",
                        samples: ["identity", "call_link", "trunk"].map { ([("scope", $0)], Double(limitRefusals[$0] ?? 0)) })
        return metrics.text
    }
}

extension CallEngine {
    /// RTCP figures of ended calls per leg (browser, trunk) and the warnings raised.
    fileprivate func qualityMetrics(into metrics: inout MetricsText) {
        let legs = qualityTotals.legs.sorted { $0.key.rawValue < $1.key.rawValue }
        metrics.histogram("gateway_call_mos", help: "Each ended call's average E-model MOS estimate, per leg.",
                          series: legs.map { leg, totals in
                              ([("leg", leg.rawValue)], QualityTotals.mosBuckets, totals.mosCounts, totals.mosCount, totals.mosSum)
                          })
        metrics.histogram("gateway_call_jitter_seconds",
                          help: "Each ended call's largest RTP interarrival jitter (RFC 3550 A.8) seen in a report, per leg.",
                          series: legs.map { leg, totals in
                              ([("leg", leg.rawValue)], QualityTotals.jitterBuckets, totals.jitterCounts, totals.jitterCount,
                               totals.jitterSum)
                          })
        metrics.counter("gateway_rtp_packets_received_total", help: "RTP packets received by ended calls, per leg.",
                        samples: legs.map { ([("leg", $0.key.rawValue)], Double($0.value.packetsReceived)) })
        metrics.counter("gateway_rtp_packets_lost_total", help: "RTP packets lost on the way in (RFC 3550 A.3) by ended calls, per leg.",
                        samples: legs.map { ([("leg", $0.key.rawValue)], Double($0.value.packetsLost)) })
        metrics.counter("gateway_quality_warnings_total", help: "Quality warnings raised, per leg and kind.",
                        samples: qualityTotals.warnings
                            .map { key, count in ([("leg", key.leg.rawValue), ("warning", key.warning.rawValue)], Double(count)) }
                            .sorted { $0.labels.map(\.1).joined() < $1.labels.map(\.1).joined() })
    }
}

extension CallEngine {
    /// Calls started and ended (by direction and cause), setup time, DTMF keys.
    fileprivate func callMetrics(into metrics: inout MetricsText) {
        metrics.counter("gateway_calls_started_total", help: "Calls started, by direction (outbound, inbound, echo).",
                        samples: callTotals.started.sorted { $0.key < $1.key }.map { ([("direction", $0.key)], Double($0.value)) })
        metrics.counter("gateway_calls_ended_total", help: "Calls ended, by direction and cause (docs/hangup-causes.md).",
                        samples: callTotals.ended.sorted { ($0.key.direction, $0.key.cause) < ($1.key.direction, $1.key.cause) }
                            .map { ([("direction", $0.key.direction), ("cause", $0.key.cause)], Double($0.value)) })
        metrics.histogram("gateway_call_setup_seconds", help: "Time from a call's start to its answer, by direction.",
                          series: callTotals.setup.sorted { $0.key < $1.key }.map { direction, setup in
                              ([("direction", direction)], CallTotals.setupBuckets, setup.counts, setup.count, setup.sum)
                          })
        metrics.counter("gateway_dtmf_total", help: "DTMF keys, by direction (from_browser, from_phone, to_phone) and method.",
                        samples: callTotals.digits.sorted { ($0.key.direction, $0.key.method) < ($1.key.direction, $1.key.method) }
                            .map { ([("direction", $0.key.direction), ("method", $0.key.method)], Double($0.value)) })
    }
}
