#if canImport(Glibc)
import Glibc
#endif
import CShims
import Dispatch
import NIOConcurrencyHelpers
import NIOCore

/// The event loop that carries call media: one thread waiting in epoll on the calls' UDP
/// sockets (`MediaSocket`), which also runs tasks and timers, so it is a SwiftNIO
/// `EventLoop` and everything built on one (promises, `scheduleRepeatedTask`, `submit`)
/// works on it.
///
/// Why not SwiftNIO's own datagram channels: a call's media is four datagrams every 20 ms,
/// and a channel turns each into pipeline events, a reference-counted buffer and a boxed
/// source address. Here a readable socket is read once into the loop's one receive buffer
/// and the datagram goes straight to its handler with its source by value; sends go out
/// with `sendto` at once. Nothing is allocated per packet.
///
/// Sockets are level-triggered and read once per wake-up: a socket that still holds
/// datagrams is simply reported again by the next `epoll_pwait2`, which costs less than the
/// second receive call that would find the socket empty after each packet. Each socket's
/// epoll entry carries the socket's own address, so a ready socket is found without a
/// lookup; a socket closed while the loop handles a batch of events is kept alive (and
/// reads nothing, being closed) until the batch is done.
final class MediaEventLoop: EventLoop, @unchecked Sendable {
    private let epoll: Int32
    private let wakeFD: Int32
    private let lock = NIOLock()
    // Guarded by `lock`.
    private var queued: [@Sendable () -> Void] = []
    private var stopRequested = false
    private var nextTimerID: UInt64 = 0
    private var shutdownCallbacks: [(DispatchQueue, @Sendable (Error?) -> Void)] = []
    // Set once before `init` returns.
    private var thread = pthread_t()
    // Loop-confined.
    private var timers = MediaTimers()
    /// The registered sockets, which the loop owns (their epoll entries point at them).
    private var sockets: [Int32: MediaSocket] = [:]
    /// Sockets unregistered while a batch of events is handled: a later event of the same
    /// batch may still point at one, so it lives until the batch is done.
    private var retired: [MediaSocket] = []
    /// The queue's other buffer: swapped with `queued` under the lock and run from, so
    /// taking the queued tasks never allocates.
    private var running: [@Sendable () -> Void] = []
    private let receiveBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: MediaSocket.maximumDatagram, alignment: 16)
    /// Where the loop's outgoing packets are built (RTP, SRTP, SRTCP, STUN answers), one at a
    /// time: each is written, sent (`MediaSocket.send` copies it into the kernel) and done
    /// before anything else on the loop writes here. One for the loop rather than one per leg,
    /// so the memory every send touches stays in the caches and a call keeps none of its own.
    let sendBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: MediaSocket.maximumDatagram, alignment: 16)
    /// Where an RTCP report is written before it goes out; a browser's is then copied into
    /// `sendBuffer` to be protected.
    let reportBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: MediaSocket.maximumDatagram, alignment: 16)
    /// The most a timer ran late since `takeLateness`, nanoseconds; written by the loop,
    /// read and reset by the call engine's overload probe.
    private let lateness = NIOLockedValueBox<UInt64>(0)
    /// Lateness below this is not published: it tells nothing about overload, and a loop
    /// that keeps up then takes no lock for it.
    private static let latenessWorthTelling: UInt64 = 1_000_000

    init() throws {
        epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epoll >= 0 else { throw MediaSocket.Failure("epoll_create1", errno) }
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard wakeFD >= 0 else {
            Glibc.close(epoll)
            throw MediaSocket.Failure("eventfd", errno)
        }
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.u64 = 0
        _ = epoll_ctl(epoll, EPOLL_CTL_ADD, wakeFD, &event)
        let started = DispatchSemaphore(value: 0)
        let box = Unmanaged.passRetained(ThreadStart(loop: self, started: started))
        var created = pthread_t()
        let result = pthread_create(&created, nil, { argument in
            // Named before anything else runs on it (`top -H` shows the media threads; the
            // benchmark's allocation probe tells their allocations by it).
            cshim_name_this_thread(UnsafeRawPointer(MediaEventLoop.threadName.utf8Start)
                .assumingMemoryBound(to: CChar.self))
            let start = Unmanaged<ThreadStart>.fromOpaque(argument!).takeRetainedValue()
            start.loop.thread = pthread_self()
            start.started.signal()
            start.loop.run()
            return nil
        }, box.toOpaque())
        guard result == 0 else {
            box.release()
            throw MediaSocket.Failure("pthread_create", result)
        }
        pthread_detach(created)
        started.wait()
    }

    /// Every media loop's thread name (at most 15 bytes; a literal, so NUL-terminated).
    static let threadName: StaticString = "media-loop"

    private final class ThreadStart {
        let loop: MediaEventLoop
        let started: DispatchSemaphore
        init(loop: MediaEventLoop, started: DispatchSemaphore) {
            self.loop = loop
            self.started = started
        }
    }

    deinit {
        receiveBuffer.deallocate()
        sendBuffer.deallocate()
        reportBuffer.deallocate()
    }

    // MARK: EventLoop

    var inEventLoop: Bool { pthread_equal(pthread_self(), thread) != 0 }

    func execute(_ task: @escaping @Sendable () -> Void) {
        let first = lock.withLock {
            queued.append(task)
            return queued.count == 1
        }
        if first, !inEventLoop { wake() }
    }

    @discardableResult
    func scheduleTask<T>(deadline: NIODeadline, _ task: @escaping @Sendable () throws -> T) -> Scheduled<T> {
        let promise: EventLoopPromise<T> = makePromise()
        let id = lock.withLock {
            nextTimerID += 1
            return nextTimerID
        }
        let action: () -> Void = {
            // Timers run on the loop, the promise's own.
            do { promise.assumeIsolatedUnsafeUnchecked().succeed(try task()) } catch { promise.fail(error) }
        }
        if inEventLoop {
            timers.add(id: id, deadline: deadline, action: action)
        } else {
            let sendableAction = UnsafeTransfer(action)
            execute { self.timers.add(id: id, deadline: deadline, action: sendableAction.value) }
        }
        return Scheduled(promise: promise, cancellationTask: {
            self.execute { self.timers.cancel(id: id) }
        })
    }

    @discardableResult
    func scheduleTask<T>(in delay: TimeAmount, _ task: @escaping @Sendable () throws -> T) -> Scheduled<T> {
        scheduleTask(deadline: .now() + delay, task)
    }

    func shutdownGracefully(queue: DispatchQueue, _ callback: @escaping @Sendable (Error?) -> Void) {
        lock.withLock {
            stopRequested = true
            shutdownCallbacks.append((queue, callback))
        }
        wake()
    }

    /// How late the loop ran its timers at worst since the last call (overload protection:
    /// a loop that falls behind delays every call's audio on it).
    func takeLateness() -> TimeAmount {
        .nanoseconds(Int64(clamping: lateness.withLockedValue { value in
            defer { value = 0 }
            return value
        }))
    }

    // MARK: Repeating timers

    /// Runs `action` on the loop after `delay`, then again after each delay it returns,
    /// until it returns nil or the timer is cancelled. Unlike `scheduleRepeatedTask`,
    /// nothing is allocated per run (`MediaTimers`).
    @discardableResult
    func repeating(after delay: TimeAmount, _ action: @escaping () -> TimeAmount?) -> MediaTimer {
        let id = lock.withLock {
            nextTimerID += 1
            return nextTimerID
        }
        let deadline = NIODeadline.now() + delay
        if inEventLoop {
            timers.addRepeating(id: id, deadline: deadline, action: action)
        } else {
            let sendableAction = UnsafeTransfer(action)
            execute { self.timers.addRepeating(id: id, deadline: deadline, action: sendableAction.value) }
        }
        return MediaTimer(loop: self, id: id)
    }

    /// Runs `action` on the loop every `period`, the first time after `initialDelay`.
    @discardableResult
    func every(_ period: TimeAmount, after initialDelay: TimeAmount, _ action: @escaping () -> Void) -> MediaTimer {
        repeating(after: initialDelay) {
            action()
            return period
        }
    }

    fileprivate func cancelTimer(id: UInt64) {
        if inEventLoop {
            timers.cancel(id: id)
        } else {
            execute { self.timers.cancel(id: id) }
        }
    }

    // MARK: Sockets (loop thread)

    func register(_ socket: MediaSocket) {
        preconditionInEventLoop()
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.u64 = Self.eventTag(socket)
        if epoll_ctl(epoll, EPOLL_CTL_ADD, socket.fd, &event) == 0 { sockets[socket.fd] = socket }
    }

    func unregister(_ socket: MediaSocket) {
        preconditionInEventLoop()
        _ = epoll_ctl(epoll, EPOLL_CTL_DEL, socket.fd, nil)
        if let removed = sockets.removeValue(forKey: socket.fd) { retired.append(removed) }
    }

    /// What a socket's epoll entry carries: its address (never 0, the wake-up eventfd's tag).
    private static func eventTag(_ socket: MediaSocket) -> UInt64 {
        UInt64(UInt(bitPattern: Unmanaged.passUnretained(socket).toOpaque()))
    }

    // MARK: The thread

    private func wake() {
        var one: UInt64 = 1
        _ = write(wakeFD, &one, MemoryLayout<UInt64>.size)
    }

    private func run() {
        let capacity: Int32 = 64
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: Int(capacity))
        defer { events.deallocate() }
        while true {
            let stop = lock.withLock {
                swap(&queued, &running)
                return stopRequested
            }
            let ranTasks = !running.isEmpty
            for task in running { task() }
            running.removeAll(keepingCapacity: true)
            if stop, !ranTasks { break }
            let now = NIODeadline.now()
            while let due = timers.popDue(now: now) {
                // Run before `timers` is accessed again: the action may cancel itself.
                if let ran = due.run() { timers.rearm(ran, now: now) }
            }
            let late = timers.takeMostLate()
            if late >= Self.latenessWorthTelling { lateness.withLockedValue { $0 = max($0, late) } }
            let busy = lock.withLock { !queued.isEmpty || stopRequested }
            let count = wait(events, capacity: capacity, busy: busy)
            for index in 0..<Int(max(count, 0)) {
                let tag = events[index].data.u64
                if tag == 0 {
                    var value: UInt64 = 0
                    _ = read(wakeFD, &value, MemoryLayout<UInt64>.size)
                } else {
                    // Alive: in `sockets`, or in `retired` until the batch is done.
                    let socket = Unmanaged<MediaSocket>.fromOpaque(UnsafeRawPointer(bitPattern: UInt(tag))!)
                    socket._withUnsafeGuaranteedRef { $0.readOne(into: receiveBuffer) }
                }
            }
            if !retired.isEmpty { retired.removeAll(keepingCapacity: true) }
        }
        finish()
    }

    /// Waits for sockets until the next timer (nanosecond precision with `epoll_pwait2`, so
    /// 20 ms tickers keep their rate), or not at all when tasks are queued.
    private func wait(_ events: UnsafeMutablePointer<epoll_event>, capacity: Int32, busy: Bool) -> Int32 {
        var timeout: timespec?
        if busy {
            timeout = timespec(tv_sec: 0, tv_nsec: 0)
        } else if let next = timers.nextDeadline {
            let now = NIODeadline.now().uptimeNanoseconds
            let nanoseconds = next.uptimeNanoseconds > now ? next.uptimeNanoseconds - now : 0
            timeout = timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
        }
        if var timeout {
            let result = epoll_pwait2(epoll, events, capacity, &timeout, nil)
            if result >= 0 || errno != ENOSYS { return result }
            // Kernels before 5.11: millisecond timeouts, rounded up so no timer fires early.
            let milliseconds = Int32(min(Int(Int32.max), (timeout.tv_sec * 1000) + (timeout.tv_nsec + 999_999) / 1_000_000))
            return epoll_wait(epoll, events, capacity, milliseconds)
        }
        return epoll_wait(epoll, events, capacity, -1)
    }

    private func finish() {
        for socket in sockets.values { socket.closeOnLoop() }
        sockets.removeAll()
        retired.removeAll()
        timers.removeAll()
        Glibc.close(epoll)
        Glibc.close(wakeFD)
        let callbacks = lock.withLock { shutdownCallbacks }
        for (queue, callback) in callbacks { queue.async { callback(nil) } }
    }
}

/// A repeating timer of a media loop (`MediaEventLoop.repeating`).
struct MediaTimer: Sendable {
    let loop: MediaEventLoop
    let id: UInt64

    /// Stops it; an action already running finishes.
    func cancel() { loop.cancelTimer(id: id) }
}

/// Hands a non-Sendable value to the loop thread, which alone uses it.
struct UnsafeTransfer<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
