using Amazon.Runtime;
using Amazon.Runtime.Credentials.Internal;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;

namespace Governance.Aws.Protocol;

/// <summary>
/// Chooses SigV4 for every operation. Without an auth-scheme handler the SDK's signer silently sends the request
/// unsigned, so this handler is what makes the pipeline sign at all.
/// </summary>
internal sealed class SigV4AuthResolver : BaseAuthResolverHandler
{
    protected override List<IAuthSchemeOption> ResolveAuthOptions(IExecutionContext executionContext) =>
        AuthSchemeOption.DEFAULT_SIGV4;
}
