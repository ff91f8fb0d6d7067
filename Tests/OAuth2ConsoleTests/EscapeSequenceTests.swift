import Testing
@testable import OAuth2Console

/// An Escape read with the characters that came with it: one key, never several.
@Suite struct EscapeSequenceTests {
    static func decode(_ text: String) -> Key? {
        let following = Array(text)
        #expect(EscapeSequence.isComplete(following) || following.isEmpty)
        return EscapeSequence.key(following: following)
    }

    @Test func sequencesTerminfoMayNotListAreDecoded() {
        #expect(Self.decode("[4~") == .end)
        #expect(Self.decode("[1~") == .home)
        #expect(Self.decode("OF") == .end)
        #expect(Self.decode("[H") == .home)
        #expect(Self.decode("[5~") == .pageUp)
        #expect(Self.decode("[6~") == .pageDown)
        #expect(Self.decode("[3~") == .delete)
        #expect(Self.decode("[Z") == .backTab)
        #expect(Self.decode("[1;5C") == .right)
    }

    @Test func altLetterIsNotEscapeThenTheLetter() {
        #expect(Self.decode("d") == .alt("d"))
        #expect(Keymap.intent(for: .alt("d"), in: .clients) == nil)
        #expect(Self.decode("") == .escape)
    }

    @Test func unknownSequencesAreDroppedWhole() {
        #expect(Self.decode("[200~") == nil)
        #expect(Self.decode("[15~") == nil)
        #expect(!EscapeSequence.isComplete(Array("[1;5")))
    }
}
