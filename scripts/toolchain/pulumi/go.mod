// Wrapper module that builds the Pulumi CLI at the version of the @pulumi/pulumi npm
// package. pkg/v3 replaces sdk/v3 with a relative path, so it cannot be `go install`ed;
// here both are required at the same tag and pkg's non-local replaces are repeated.
module ekyc.example/toolchain/pulumi

go 1.25.11

tool github.com/pulumi/pulumi/pkg/v3/cmd/pulumi

require (
	github.com/pulumi/pulumi/pkg/v3 v3.259.0
	github.com/pulumi/pulumi/sdk/v3 v3.259.0
)

// Copied from pkg/v3's go.mod at v3.259.0 (a Windows clipboard fix; harmless on Linux).
replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
