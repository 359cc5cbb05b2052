import CBenchFloor
import Foundation
import NIOConcurrencyHelpers

/// One media thread of the load generator. It owns a share of the calls' legs and wakes on
/// a `PacingSchedule` (absolute deadlines, one slot at a time): legs still setting up are
/// served at every wake; a leg carrying media is served in its call's slot once per 20 ms,
/// where the thread reads what the socket holds (the kernel stamped each packet's arrival)
/// and sends the next packet.
///
/// Other threads hand legs over and read totals through `lock`; everything else belongs
/// to the thread.
final class LoadWorker: @unchecked Sendable {
    let index: Int
    private let media: LoadMedia
    private let slots: Int
    private let lateLimit: Int64
    /// The CPUs the thread keeps to (bit n: CPU n), nil for any.
    private let cpuMask: UInt64?
    /// `gateway-bench setup`: a browser leg is let go once SRTP is up (the call is set up),
    /// instead of carrying media.
    private let releaseAtSetup: Bool

    private let lock = NIOLock()
    private var incomingBrowsers: [(BrowserLeg, Int)] = []
    private var incomingPhones: [(PhoneLeg, Int)] = []
    private var endedPhones: Set<Int> = []
    private var published = WorkerTotals()
    private var requestedMark = 0
    private var stopRequested = false
    private let finished = DispatchSemaphore(value: 0)

    // Thread-confined.
    private var settingUp: [(BrowserLeg, Int)] = []
    private var browsersBySlot: [[BrowserLeg]]
    private var phonesBySlot: [[PhoneLeg]]
    private var totals = WorkerTotals()

    init(index: Int, media: LoadMedia, slots: Int, lateLimitNanoseconds: Int64, cpuMask: UInt64? = nil,
         releaseAtSetup: Bool = false) {
        self.index = index
        self.releaseAtSetup = releaseAtSetup
        self.cpuMask = cpuMask
        self.media = media
        self.slots = slots
        self.lateLimit = lateLimitNanoseconds
        browsersBySlot = Array(repeating: [], count: slots)
        phonesBySlot = Array(repeating: [], count: slots)
    }

    // MARK: Any thread

    /// Starts the thread; its schedule begins at `start` (monotonic nanoseconds).
    func start(at start: Int64) {
        let thread = Thread { [self] in
            if let cpuMask { _ = load_set_thread_cpus(cpuMask) }
            run(schedule: PacingSchedule(start: start, slots: slots))
            finished.signal()
        }
        thread.name = "load-media-\(index)"
        thread.start()
    }

    func add(_ leg: BrowserLeg, slot: Int) { lock.withLock { incomingBrowsers.append((leg, slot)) } }
    func add(_ leg: PhoneLeg, slot: Int) { lock.withLock { incomingPhones.append((leg, slot)) } }

    /// The gateway ended this call's trunk leg (BYE): its phone stops sending.
    func endPhone(call: Int) { lock.withLock { _ = endedPhones.insert(call) } }

    /// Asks the thread to restart its maxima for a new measuring window; returns the mark
    /// its totals carry once it has.
    func beginWindow() -> Int {
        lock.withLock {
            requestedMark += 1
            return requestedMark
        }
    }

    var snapshot: WorkerTotals { lock.withLock { published } }

    /// Stops the thread and waits for it; its sockets close with the legs.
    func stop() {
        lock.withLock { stopRequested = true }
        finished.wait()
    }

    // MARK: The thread

    private func run(schedule initial: PacingSchedule) {
        var schedule = initial
        let buffers = PacketBuffers()
        defer { buffers.deallocate() }
        while true {
            LoadClock.sleep(until: schedule.deadline)
            let now = LoadClock.now()
            totals.ticks.record(latenessNanoseconds: now - schedule.deadline)
            let time = LegTime(now: now, realtimeOffset: LoadClock.realtime() - now, lateLimit: lateLimit)
            guard takeHandovers() else { break }
            serveSettingUp(time, buffers: buffers)
            for leg in browsersBySlot[schedule.slot] {
                leg.drain(time, buffers: buffers, totals: &totals.browser)
                leg.poll(time)
                leg.sendMedia(media, buffers: buffers, totals: &totals.browser)
            }
            for leg in phonesBySlot[schedule.slot] {
                leg.drain(time, buffers: buffers, totals: &totals.phone)
                leg.sendMedia(media, buffers: buffers, totals: &totals.phone)
            }
            publish()
            schedule.advance()
        }
        browsersBySlot = []
        phonesBySlot = []
        settingUp = []
    }

    /// Takes the legs other threads handed over; false once asked to stop.
    private func takeHandovers() -> Bool {
        let (browsers, phones, ended, stop) = lock.withLock {
            defer {
                incomingBrowsers = []
                incomingPhones = []
                endedPhones = []
            }
            return (incomingBrowsers, incomingPhones, endedPhones, stopRequested)
        }
        settingUp += browsers
        for (leg, slot) in phones {
            phonesBySlot[slot].append(leg)
            totals.phone.legsUp += 1
        }
        if !ended.isEmpty {
            for slot in phonesBySlot.indices {
                for leg in phonesBySlot[slot] where ended.contains(leg.call) && !leg.ended {
                    leg.ended = true
                    totals.phone.legsUp -= 1
                }
            }
        }
        return !stop
    }

    /// Legs before SRTP: every wake, so setup is not slowed to one step per 20 ms.
    private func serveSettingUp(_ time: LegTime, buffers: PacketBuffers) {
        guard !settingUp.isEmpty else { return }
        var still: [(BrowserLeg, Int)] = []
        for (leg, slot) in settingUp {
            leg.drain(time, buffers: buffers, totals: &totals.browser)
            leg.poll(time)
            switch leg.phase {
            case .media where releaseAtSetup:
                totals.setupsCompleted += 1
            case .media:
                browsersBySlot[slot].append(leg)
                totals.browser.legsUp += 1
            case .failed(let reason):
                totals.failedLegs += 1
                if totals.firstFailure == nil { totals.firstFailure = "call \(leg.call): \(reason)" }
            case .checking, .handshaking:
                still.append((leg, slot))
            }
        }
        settingUp = still
    }

    private func publish() {
        lock.withLock {
            if requestedMark != totals.windowMark {
                totals.windowMark = requestedMark
                totals.browser.maxLatenessNanoseconds = 0
                totals.phone.maxLatenessNanoseconds = 0
                totals.browser.maxDelayNanoseconds = 0
                totals.phone.maxDelayNanoseconds = 0
                totals.ticks.maxLatenessNanoseconds = 0
            }
            published = totals
        }
    }
}
