#if canImport(Glibc)
import Glibc
#endif
import NIOConcurrencyHelpers
import NIOCore
import Testing
@testable import GatewayServer

@Suite struct MediaEventLoopTests {
    @Test func runsTasksInOrderOnItsOwnThread() async throws {
        let loop = try MediaEventLoop()
        let seen = NIOLockedValueBox<[Int]>([])
        for index in 0..<100 { loop.execute { seen.withLockedValue { $0.append(index) } } }
        let onLoop = try await loop.submit { loop.inEventLoop }.get()
        #expect(onLoop)
        #expect(!loop.inEventLoop)
        #expect(seen.withLockedValue { $0 } == Array(0..<100))
        try await loop.shutdownGracefully()
    }

    @Test func timersFireInDeadlineOrderAndCancelledOnesDoNot() async throws {
        let loop = try MediaEventLoop()
        let fired = NIOLockedValueBox<[String]>([])
        let late = loop.scheduleTask(in: .milliseconds(30)) { fired.withLockedValue { $0.append("30") } }
        let early = loop.scheduleTask(in: .milliseconds(10)) { fired.withLockedValue { $0.append("10") } }
        let cancelled = loop.scheduleTask(in: .milliseconds(20)) { fired.withLockedValue { $0.append("20") } }
        cancelled.cancel()
        try await late.futureResult.get()
        try await early.futureResult.get()
        await #expect(throws: EventLoopError.self) { try await cancelled.futureResult.get() }
        #expect(fired.withLockedValue { $0 } == ["10", "30"])
        try await loop.shutdownGracefully()
    }

    @Test func aTimerIsNotEarlyAndARepeatedTaskKeepsItsRate() async throws {
        let loop = try MediaEventLoop()
        let start = NIODeadline.now()
        let fired = try await loop.scheduleTask(in: .milliseconds(15)) { NIODeadline.now() }.futureResult.get()
        #expect(fired - start >= .milliseconds(15))
        // 20 ms ticks, as prompt playback and jitter-buffer playout use: ten of them take at
        // least 180 ms (the first after 0), and they are not rounded up to whole milliseconds
        // each (which would add up to 10 ms).
        let ticks = NIOLockedValueBox<[NIODeadline]>([])
        let done = loop.makePromise(of: Void.self)
        let task = loop.scheduleRepeatedTask(initialDelay: .zero, delay: .milliseconds(20)) { task in
            let count = ticks.withLockedValue { $0.append(.now()); return $0.count }
            if count == 10 {
                task.cancel()
                done.succeed()
            }
        }
        try await done.futureResult.get()
        _ = task
        let times = ticks.withLockedValue { $0 }
        #expect(times.count == 10)
        #expect(times[9] - times[0] >= .milliseconds(180))
        try await loop.shutdownGracefully()
    }

    @Test func socketsCarryDatagramsBothWaysWithTheirSource() async throws {
        let loops = try MediaEventLoopGroup(count: 2)
        let first = loops.next(), second = loops.next()
        #expect(first !== second)
        let port = try Self.freeUDPPort()
        let a = try await MediaSocket.bind(host: "127.0.0.1", port: port, on: first)
        let b = try await MediaSocket.bind(host: "127.0.0.1", port: port + 1, on: second)
        let received = NIOLockedValueBox<[(String, PeerAddress)]>([])
        let gotTwo = first.makePromise(of: Void.self)
        try await first.submit {
            a.onDatagram = { bytes, source in
                // Handlers may change the datagram in place (SRTP is removed there).
                bytes[0] = UInt8(ascii: "X")
                let count = received.withLockedValue {
                    $0.append((String(decoding: bytes, as: UTF8.self), source))
                    return $0.count
                }
                if count == 2 { gotTwo.succeed() }
            }
        }.get()
        let target = try #require(PeerAddress(host: "127.0.0.1", port: port))
        try await second.submit {
            b.send(Array("hello".utf8), to: target)
            b.send(Array("again".utf8), to: target)
        }.get()
        try await gotTwo.futureResult.get()
        let got = received.withLockedValue { $0 }
        #expect(got.map(\.0) == ["Xello", "Xgain"])
        #expect(got.first?.1 == PeerAddress(host: "127.0.0.1", port: port + 1))
        #expect(got.first?.1.host == "127.0.0.1")
        a.close()
        b.close()
        // A closed port can be bound again once the loops have closed it.
        try await first.submit {}.get()
        try await second.submit {}.get()
        let again = try await MediaSocket.bind(host: "127.0.0.1", port: port, on: first)
        again.close()
        await loops.shutdown()
    }

    @Test func bindingAPortInUseFails() async throws {
        let loop = try MediaEventLoop()
        let port = try Self.freeUDPPort()
        let first = try await MediaSocket.bind(host: "127.0.0.1", port: port, on: loop)
        await #expect(throws: MediaSocket.Failure.self) {
            _ = try await MediaSocket.bind(host: "127.0.0.1", port: port, on: loop)
        }
        first.close()
        try await loop.shutdownGracefully()
    }

    @Test func peerAddresses() throws {
        let v4 = try #require(PeerAddress(host: "192.0.2.7", port: 5004))
        #expect(v4.host == "192.0.2.7")
        #expect(v4.port == 5004)
        #expect(v4.with(port: 5005).port == 5005)
        #expect(v4.description == "192.0.2.7:5004")
        let v6 = try #require(PeerAddress(host: "[2001:db8::1]", port: 5004))
        #expect(v6.host == "2001:db8::1")
        #expect(v6.description == "[2001:db8::1]:5004")
        #expect(v6 != v4)
        #expect(PeerAddress(host: "192.0.2.7", port: 5004) == v4)
        #expect(PeerAddress(host: "example.com", port: 5004) == nil)
        #expect(PeerAddress(host: "192.0.2.7", port: 70_000) == nil)
        let nio = try SocketAddress(ipAddress: "192.0.2.7", port: 5004)
        #expect(PeerAddress(nio) == v4)
    }

    @Test func timerHeapOrder() {
        var timers = MediaTimers()
        let base = NIODeadline.uptimeNanoseconds(1_000)
        var ran: [Int] = []
        for (id, offset) in [(1, 50), (2, 10), (3, 30), (4, 10), (5, 70)] {
            timers.add(id: UInt64(id), deadline: base + .nanoseconds(Int64(offset))) { ran.append(id) }
        }
        timers.cancel(id: 3)
        #expect(timers.nextDeadline == base + .nanoseconds(10))
        Self.runDue(&timers, now: base + .nanoseconds(60))
        // Same deadline: added first runs first.
        #expect(ran == [2, 4, 1])
        #expect(timers.nextDeadline == base + .nanoseconds(70))
        #expect(timers.count == 1)
    }

    @Test func theTimersTellHowLateTheyRanAtWorst() {
        var timers = MediaTimers()
        let base = NIODeadline.uptimeNanoseconds(1_000)
        for (id, offset) in [(1, 10), (2, 40), (3, 90)] {
            timers.add(id: UInt64(id), deadline: base + .nanoseconds(Int64(offset))) {}
        }
        #expect(timers.takeMostLate() == 0)
        // The first ran 50 ns late, the second 20: the worst counts.
        Self.runDue(&timers, now: base + .nanoseconds(60))
        let first = timers.takeMostLate()
        #expect(first == 50)
        // Each read starts a new period; a cancelled timer does not count.
        timers.cancel(id: 3)
        Self.runDue(&timers, now: base + .nanoseconds(500))
        let second = timers.takeMostLate()
        #expect(second == 0)
    }

    /// One pass of the loop over its due timers, as `MediaEventLoop.run` makes it.
    private static func runDue(_ timers: inout MediaTimers, now: NIODeadline) {
        while let due = timers.popDue(now: now) {
            if let ran = due.run() { timers.rearm(ran, now: now) }
        }
    }

    @Test func aRepeatingTimerKeepsItsPeriodFromItsDeadlinesAndSkipsWhatItMissed() {
        var timers = MediaTimers()
        let base = NIODeadline.uptimeNanoseconds(1_000)
        var runs = 0
        timers.addRepeating(id: 1, deadline: base + .nanoseconds(20)) {
            runs += 1
            return runs < 3 ? .nanoseconds(20) : nil
        }
        Self.runDue(&timers, now: base + .nanoseconds(25))
        // Run 5 ns late: the next is 20 after the deadline it ran for, not after the run.
        #expect(runs == 1)
        #expect(timers.nextDeadline == base + .nanoseconds(40))
        Self.runDue(&timers, now: base + .nanoseconds(100))
        // Three periods behind: one run, then the period starts again from now.
        #expect(runs == 2)
        #expect(timers.nextDeadline == base + .nanoseconds(120))
        Self.runDue(&timers, now: base + .nanoseconds(120))
        // It answered nil: done and gone.
        #expect(runs == 3)
        #expect(timers.count == 0)
        #expect(timers.nextDeadline == nil)
    }

    @Test func aRepeatingTimerWithNoDelayRunsOncePerPass() {
        var timers = MediaTimers()
        let base = NIODeadline.uptimeNanoseconds(1_000)
        var runs = 0
        timers.addRepeating(id: 7, deadline: base) {
            runs += 1
            return .zero
        }
        Self.runDue(&timers, now: base)
        Self.runDue(&timers, now: base)
        #expect(runs == 1)
        Self.runDue(&timers, now: base + .nanoseconds(1))
        #expect(runs == 2)
    }

    @Test func everyRunsAtItsPeriodUntilCancelledFromItsOwnAction() async throws {
        let loop = try MediaEventLoop()
        let ticks = NIOLockedValueBox<[NIODeadline]>([])
        let done = loop.makePromise(of: Void.self)
        let timer = NIOLockedValueBox<MediaTimer?>(nil)
        let started = NIODeadline.now()
        try await loop.submit {
            timer.withLockedValue { $0 = loop.every(.milliseconds(20), after: .milliseconds(20)) {
                let count = ticks.withLockedValue { $0.append(.now()); return $0.count }
                if count == 5 {
                    timer.withLockedValue { $0?.cancel() }
                    done.succeed()
                }
            } }
        }.get()
        try await done.futureResult.get()
        // Another 60 ms: a cancelled timer does not run again.
        try await loop.scheduleTask(in: .milliseconds(60)) {}.futureResult.get()
        let times = ticks.withLockedValue { $0 }
        #expect(times.count == 5)
        // Never early: the n-th run is due n periods after the start, whatever the
        // lateness of the runs before it.
        for (index, time) in times.enumerated() {
            #expect(time - started >= .milliseconds(Int64(20 * (index + 1))))
        }
        try await loop.shutdownGracefully()
    }

    static func freeUDPPort() throws -> Int {
        // An even port with its neighbour free, below the ephemeral range.
        for _ in 0..<200 {
            let port = Int.random(in: 20_000...30_000) & ~1
            let fds = [port, port + 1].map { port -> Int32 in
                let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_port = in_port_t(UInt16(port).bigEndian)
                address.sin_addr.s_addr = inet_addr("127.0.0.1")
                let bound = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
                }
                if bound != 0 { close(fd); return -1 }
                return fd
            }
            fds.filter { $0 >= 0 }.forEach { close($0) }
            if fds.allSatisfy({ $0 >= 0 }) { return port }
        }
        throw MediaSocket.Failure("no free port", EADDRINUSE)
    }
}
