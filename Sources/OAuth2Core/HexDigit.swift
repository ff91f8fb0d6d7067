/// Hexadecimal digits: the value of one, either case; and fixed-width lowercase text.
public enum HexDigit {
    public static func value(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// `value` as exactly `width` lowercase hex digits (its low `4 * width` bits).
    public static func text(_ value: UInt64, width: Int) -> String {
        String(unsafeUninitializedCapacity: width) { output in
            for position in 0..<width {
                let nibble = UInt8(truncatingIfNeeded: value >> UInt64(4 * (width - 1 - position))) & 0xF
                output[position] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
            }
            return width
        }
    }
}
