import Foundation
import HTTPTypes
import Hummingbird
import MCP
import NIOCore
import RAGVault
import RAGVaultMCP

extension BlockingWork: BlockingRunner {}

/// `/mcp`: the retrieval tools over MCP Streamable HTTP (stateless: one JSON answer per POST,
/// no sessions, GET and DELETE answered 405 by the SDK's transport). Each request gets its own
/// MCP server bound to the principal of *its* bearer key, verified by the `Authentication`
/// middleware — concurrent clients never share a server, so their JSON-RPC ids cannot collide.
struct MCPRoute {
    let retriever: Retriever
    let work: BlockingWork

    func add(to group: RouterGroup<APIContext>) {
        for method in [HTTPRequest.Method.post, .get, .delete] {
            group.on("", method: method) { request, context in try await handle(request, context) }
        }
    }

    private func handle(_ request: Request, _ context: APIContext) async throws -> Response {
        let principal = try context.principal()
        try principal.require([.search], to: "search")
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: 1 << 20)
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, "payload_too_large", "an MCP message is limited to 1 MiB")
        }
        // The same linear pre-check as every other body: nesting, duplicate keys, syntax.
        if body.readableBytes > 0, let problem = JSONCheck.problem(in: Data(buffer: body)) {
            return Response(
                status: .badRequest, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: StdioLineTransport.parseError(problem.message).dropLast())))
        }
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let message = MCP.HTTPRequest(
            method: request.method.rawValue, headers: headers,
            body: body.readableBytes > 0 ? Data(buffer: body) : nil, path: "/mcp")
        var audit = context.audit
        audit.interface = .mcp
        let tools = RetrievalTools(retriever: retriever, runner: work, audit: audit) { principal }
        // Origin checks guard cookie-authenticated browsers; here every request carries a
        // bearer key a browser will not attach on its own.
        let transport = StatelessHTTPServerTransport(
            validationPipeline: StandardValidationPipeline(validators: [
                AcceptHeaderValidator(mode: .jsonOnly), ContentTypeValidator(), ProtocolVersionValidator()
            ]))
        let server = await RetrievalServer.make(tools: tools)
        try await server.start(transport: transport)
        let answer = await transport.handleRequest(message)
        await server.stop()
        var fields = HTTPFields()
        for (name, value) in answer.headers { if let field = HTTPField.Name(name) { fields[field] = value } }
        return Response(
            status: .init(code: answer.statusCode), headers: fields,
            body: answer.bodyData.map { .init(byteBuffer: ByteBuffer(bytes: $0)) } ?? .init())
    }
}
