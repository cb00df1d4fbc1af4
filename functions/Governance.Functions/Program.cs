// The deployable function program; Main picks the function (review, notify) and runs the Runtime API loop.
Console.Error.WriteLine("Governance.Functions: no function wired yet");
return 1;
