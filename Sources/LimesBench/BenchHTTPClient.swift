import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A blocking HTTP/1.1 client on one keep-alive connection: one per load thread, so that the
/// client costs little of the machine the server is measured on.
final class BenchHTTPClient {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: Data
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private var socketFD: Int32 = -1
    private var buffer = [UInt8]()
    let port: UInt16

    init(port: Int) {
        self.port = UInt16(port)
    }

    deinit { close() }

    func close() {
        if socketFD >= 0 { _ = Glibc.close(socketFD) }
        socketFD = -1
        buffer.removeAll()
    }

    private func connect() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            _ = Glibc.close(fd)
            throw Failure(description: "connect to port \(port): errno \(errno)")
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        socketFD = fd
    }

    func request(_ method: String, _ path: String, body: Data? = nil, headers: [String: String] = [:]) throws -> Response {
        if socketFD < 0 { try connect() }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body { head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n" }
        head += "\r\n"
        var bytes = Array(head.utf8)
        if let body { bytes += body }
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(socketFD, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else {
                close()
                throw Failure(description: "send failed: errno \(errno)")
            }
            sent += n
        }
        return try readResponse()
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let n = chunk.withUnsafeMutableBytes { recv(socketFD, $0.baseAddress, $0.count, 0) }
        guard n > 0 else {
            close()
            throw Failure(description: n == 0 ? "connection closed by the server" : "recv failed: errno \(errno)")
        }
        buffer += chunk[0..<n]
    }

    private func readResponse() throws -> Response {
        // Bytes, not Strings: the client shares the machine with the server it measures.
        var headerEnd: Int?
        while headerEnd == nil {
            if let end = find([13, 10, 13, 10]) {
                headerEnd = end
            } else {
                try fill()
            }
        }
        let head = buffer[0..<headerEnd!]
        var status = 0
        if head.count > 12 {
            for byte in head[9..<12] { status = status * 10 + Int(byte &- 48) }
        }
        var headers: [String: String] = [:]
        var length = 0
        var lineStart = head.startIndex
        for i in head.indices where head[i] == 10 {
            let line = head[lineStart..<i]
            lineStart = i + 1
            guard let colon = line.firstIndex(of: 58) else { continue }
            let name = line[line.startIndex..<colon]
            var valueStart = colon + 1
            while valueStart < line.endIndex, line[valueStart] == 32 { valueStart += 1 }
            var valueEnd = line.endIndex
            if valueEnd > valueStart, line[valueEnd - 1] == 13 { valueEnd -= 1 }
            let value = line[valueStart..<valueEnd]
            if name.count == 14, String(decoding: name, as: UTF8.self).lowercased() == "content-length" {
                length = value.reduce(0) { $0 * 10 + Int($1 &- 48) }
            } else {
                headers[String(decoding: name, as: UTF8.self).lowercased()] = String(decoding: value, as: UTF8.self)
            }
        }
        if lineStart < head.endIndex, let colon = head[lineStart...].firstIndex(of: 58) {
            let name = String(decoding: head[lineStart..<colon], as: UTF8.self).lowercased()
            let value = head[(colon + 1)...].drop { $0 == 32 }
            if name == "content-length" { length = value.reduce(0) { $0 * 10 + Int($1 &- 48) } }
        }
        let bodyStart = headerEnd! + 4
        while buffer.count < bodyStart + length { try fill() }
        let body = Data(buffer[bodyStart..<(bodyStart + length)])
        buffer.removeFirst(bodyStart + length)
        return Response(status: status, headers: headers, body: body)
    }

    private func find(_ pattern: [UInt8]) -> Int? {
        guard buffer.count >= pattern.count else { return nil }
        for i in 0...(buffer.count - pattern.count) where buffer[i] == pattern[0] {
            if buffer[i..<(i + pattern.count)].elementsEqual(pattern) { return i }
        }
        return nil
    }
}
