import OAuth2Core

extension DurationRange {
    /// Throws unless `seconds` lies in the range: a store checks a duration it is given
    /// before doing timestamp arithmetic with it, which would overflow past the range.
    package func require(_ seconds: Int, for what: String) throws {
        guard contains(seconds) else { throw StoreError.invalid("\(what) \(seconds)s is out of range (\(self))") }
    }
}
