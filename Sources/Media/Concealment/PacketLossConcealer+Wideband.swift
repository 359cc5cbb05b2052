/// 16 kHz audio: spandsp sees the even-numbered samples as an 8 kHz stream (see
/// `PacketLossConcealer` for why). "Even" counts from the first sample ever passed in,
/// across calls, so buffers of any length (odd ones included) keep the phase.
extension PacketLossConcealer {
    /// Position within a call of its first even-numbered sample: 0 or 1.
    private var evenPhase: Int { nextIsEven ? 0 : 1 }

    /// Positions `start..<end` of a call hold how many even-numbered samples, and the
    /// first of them is where.
    private func evens(from start: Int, to end: Int) -> (first: Int, count: Int) {
        let first = (start & 1) == evenPhase ? start : start + 1
        return (first, first < end ? (end - 1 - first) / 2 + 1 : 0)
    }

    private func advancePhase(by count: Int) {
        if count & 1 == 1 { nextIsEven.toggle() }
    }

    private func remember(even value: Int16) {
        evenBeforeLast = lastEven
        lastEven = value
    }

    func receiveWide(_ pcm: UnsafeMutableBufferPointer<Int16>) {
        guard let scratch = narrow.baseAddress else { return }
        var start = 0
        while start < pcm.count {
            let end = min(pcm.count, start + 2 * Self.chunk)
            let (first, count) = evens(from: start, to: end)
            for index in 0..<count {
                narrow[index] = pcm[first + 2 * index]
            }
            let blending = isConcealing && count > 0
            if blending {
                unblended.baseAddress?.update(from: scratch, count: count)
            }
            feedSpandsp(scratch, count: count)
            if blending {
                applyBlend(to: pcm, start: start, end: end, firstEven: first, evenCount: count)
            }
            for index in 0..<count {
                remember(even: narrow[index])
            }
            start = end
        }
        advancePhase(by: pcm.count)
    }

    /// Copies spandsp's cross-fade of the even samples back into `pcm`, and gives each odd
    /// sample the mean of the changes made to its two neighbours (zero for a neighbour
    /// outside `start..<end`: before it the fill was already passed on, after it spandsp
    /// changed nothing, since the cross-fade spans at most `maxOverlap` samples).
    private func applyBlend(to pcm: UnsafeMutableBufferPointer<Int16>, start: Int, end: Int,
                            firstEven: Int, evenCount: Int) {
        func change(atEven index: Int) -> Int32 {
            guard index >= 0, index < evenCount else { return 0 }
            return Int32(narrow[index]) - Int32(unblended[index])
        }
        for position in start..<end {
            let offset = position - firstEven
            if offset & 1 == 0 {
                pcm[position] = narrow[offset / 2]
            } else {
                // offset is odd (possibly -1): its neighbours are evens (offset ± 1) / 2.
                let left = change(atEven: (offset - 1) / 2)
                let right = change(atEven: (offset + 1) / 2)
                pcm[position] = Int16(clamping: Int32(pcm[position]) + (left + right) / 2)
            }
        }
    }

    func concealWide(_ pcm: UnsafeMutableBufferPointer<Int16>) {
        var start = 0
        while start < pcm.count {
            var end = min(pcm.count, start + 2 * Self.chunk)
            // A chunk inside the call ends on an even sample, so that every odd sample in
            // it has both neighbours; only the call's last odd sample needs extrapolating.
            if end < pcm.count, (end - 1) & 1 != evenPhase { end -= 1 }
            let (first, count) = evens(from: start, to: end)
            fillNarrow(count)
            var next = 0
            for position in start..<end {
                if position >= first, (position - first) & 1 == 0 {
                    remember(even: narrow[next])
                    pcm[position] = lastEven
                    next += 1
                } else {
                    // Linear interpolation halfway to the next even sample; past the last
                    // one, halfway along the line through the two before.
                    let right = next < count
                        ? Int32(narrow[next])
                        : 2 * Int32(lastEven) - Int32(evenBeforeLast)
                    pcm[position] = Int16(clamping: (Int32(lastEven) + right) / 2)
                }
            }
            start = end
        }
        advancePhase(by: pcm.count)
    }
}
