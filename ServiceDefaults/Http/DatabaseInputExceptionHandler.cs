using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Platform.ServiceDefaults.Http;

/// <summary>
/// Text PostgreSQL cannot store (a NUL character, an untranslatable character) is the client's input, not a server
/// fault: a 400 problem rather than a 500, whichever endpoint let it through.
/// </summary>
internal sealed class DatabaseInputExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    private static readonly HashSet<string> InputStates =
    [
        PostgresErrorCodes.CharacterNotInRepertoire,
        PostgresErrorCodes.UntranslatableCharacter,
    ];

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not PostgresException { SqlState: var state } || !InputStates.Contains(state))
        {
            return false;
        }

        return await problemDetails.WriteAsync(
            httpContext,
            StatusCodes.Status400BadRequest,
            ProblemTypes.BadRequest,
            "The request holds characters that cannot be stored.",
            "Remove control characters such as NUL (\\u0000) from the text.");
    }
}
