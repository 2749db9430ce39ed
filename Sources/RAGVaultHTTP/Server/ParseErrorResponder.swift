import Foundation
import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// A request the HTTP parser refuses before it is a request (a NUL or other control byte in a
/// header, a malformed request line) gets the API's JSON error shape — `400 bad_request` with
/// a request id — instead of the framework's empty 400, and the connection closes. While an
/// earlier request on the connection is unanswered (pipelining, or an error in a body) the
/// error is left to the framework, which answers that request first.
final class ParseErrorResponder: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// Requests whose head came in and whose response has not ended.
    private var unanswered = 0

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) { unanswered += 1 }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { unanswered = max(0, unanswered - 1) }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        guard error is HTTPParserError, unanswered == 0 else { return context.fireErrorCaught(error) }
        let requestID = RequestLifecycle.newRequestID()
        let body =
            #"{"error":{"code":"bad_request","message":"the request could not be parsed as HTTP/1.1 (a control character in a header, or a malformed request line)","request_id":"\#(requestID)"}}"#
        var head = HTTPResponse(status: .badRequest)
        head.headerFields[.contentType] = "application/json"
        head.headerFields[.contentLength] = String(body.utf8.count)
        head.headerFields[.connection] = "close"
        head.headerFields[HTTPField.Name("X-Request-Id")!] = requestID
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(context.channel.allocator.buffer(string: body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
    }
}
