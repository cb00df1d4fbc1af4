using Governance.Functions;

// The deployable program. Lambda runs it in executable mode (handler "Governance.Functions" on dotnet10, or the
// NativeAOT "bootstrap" on provided.al2023); GOVERNANCE_FUNCTION picks review or notify.
return await FunctionProgram.RunAsync(Environment.GetEnvironmentVariable, CancellationToken.None).ConfigureAwait(false);
