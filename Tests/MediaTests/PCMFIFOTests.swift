import Testing
@testable import Media

@Suite struct PCMFIFOTests {
    private func write(_ fifo: PCMFIFO, _ values: [Int16]) -> Int {
        values.withUnsafeBufferPointer { fifo.write($0) }
    }

    private func read(_ fifo: PCMFIFO, _ count: Int) -> [Int16] {
        var out = [Int16](repeating: -1, count: count)
        let got = out.withUnsafeMutableBufferPointer { fifo.read(into: $0) }
        return Array(out[0..<got])
    }

    @Test func keepsOrderAcrossTheWrapPoint() {
        let fifo = PCMFIFO(capacity: 8)
        #expect(write(fifo, [1, 2, 3, 4, 5, 6]) == 6)
        #expect(read(fifo, 4) == [1, 2, 3, 4])
        // Head is at 4: the next six samples wrap around the end of the storage.
        #expect(write(fifo, [7, 8, 9, 10, 11, 12]) == 6)
        #expect(fifo.count == 8)
        #expect(fifo.freeSpace == 0)
        #expect(read(fifo, 8) == [5, 6, 7, 8, 9, 10, 11, 12])
        #expect(fifo.isEmpty)
    }

    @Test func dropsWhatDoesNotFit() {
        let fifo = PCMFIFO(capacity: 5)
        #expect(write(fifo, [1, 2, 3]) == 3)
        #expect(write(fifo, [4, 5, 6, 7]) == 2)
        #expect(read(fifo, 10) == [1, 2, 3, 4, 5])
        #expect(read(fifo, 10) == [])
    }

    @Test func readFrameIsAllOrNothing() {
        let fifo = PCMFIFO(capacity: 16)
        _ = write(fifo, [1, 2, 3])
        var frame = [Int16](repeating: 0, count: 4)
        #expect(frame.withUnsafeMutableBufferPointer { fifo.readFrame(into: $0) } == false)
        #expect(fifo.count == 3)
        _ = write(fifo, [4, 5])
        #expect(frame.withUnsafeMutableBufferPointer { fifo.readFrame(into: $0) } == true)
        #expect(frame == [1, 2, 3, 4])
        #expect(fifo.count == 1)
    }

    @Test func discardAndRemoveAll() {
        let fifo = PCMFIFO(capacity: 6)
        _ = write(fifo, [1, 2, 3, 4, 5])
        #expect(fifo.discard(2) == 2)
        #expect(fifo.discard(-3) == 0)
        #expect(read(fifo, 1) == [3])
        #expect(fifo.discard(10) == 2)
        _ = write(fifo, [9, 9])
        fifo.removeAll()
        #expect(fifo.isEmpty)
        #expect(fifo.freeSpace == 6)
    }

    /// Re-chunking 10, 30 and 60 ms inputs into 20 ms outputs loses and reorders nothing.
    @Test func rechunksAStreamWithoutLoss() {
        let fifo = PCMFIFO(capacity: 640)
        let input = (0..<4800).map { Int16(truncatingIfNeeded: $0) }
        var output: [Int16] = []
        var frame = [Int16](repeating: 0, count: 160)
        var offset = 0
        let sizes = [80, 240, 480]
        var turn = 0
        while offset < input.count {
            let size = min(sizes[turn % sizes.count], input.count - offset)
            turn += 1
            #expect(input[offset..<(offset + size)].withUnsafeBufferPointer { fifo.write($0) } == size)
            offset += size
            while frame.withUnsafeMutableBufferPointer({ fifo.readFrame(into: $0) }) {
                output += frame
            }
        }
        #expect(output == input)
    }
}
