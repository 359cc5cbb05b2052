import Foundation

/// An in-place radix-2 complex FFT, enough for tone analysis (not on the media path).
struct Spectrum {
    var real: [Double]
    var imaginary: [Double]

    /// `size` must be a power of two.
    init(size: Int) {
        real = Array(repeating: 0, count: size)
        imaginary = Array(repeating: 0, count: size)
    }

    func power(_ bin: Int) -> Double {
        real[bin] * real[bin] + imaginary[bin] * imaginary[bin]
    }

    /// Iterative Cooley–Tukey decimation in time: bit-reversal permutation, then
    /// butterflies over spans 2, 4, … size.
    mutating func transform() {
        let size = real.count
        guard size > 1 else { return }
        var reversed = 0
        for index in 1..<size {
            var bit = size >> 1
            while reversed & bit != 0 { reversed ^= bit; bit >>= 1 }
            reversed |= bit
            if index < reversed {
                real.swapAt(index, reversed)
                imaginary.swapAt(index, reversed)
            }
        }
        real.withUnsafeMutableBufferPointer { re in
            imaginary.withUnsafeMutableBufferPointer { im in
                var span = 2
                while span <= size {
                    let half = span / 2
                    let angle = -2 * Double.pi / Double(span)
                    for k in 0..<half {
                        let wr = cos(angle * Double(k))
                        let wi = sin(angle * Double(k))
                        var start = 0
                        while start < size {
                            let a = start + k
                            let b = a + half
                            let tr = re[b] * wr - im[b] * wi
                            let ti = re[b] * wi + im[b] * wr
                            re[b] = re[a] - tr
                            im[b] = im[a] - ti
                            re[a] += tr
                            im[a] += ti
                            start += span
                        }
                    }
                    span *= 2
                }
            }
        }
    }
}
