# The build `sam build` performs for each function (BuildMethod: makefile): SAM runs `make build-<LogicalId>` with
# ARTIFACTS_DIR set to the directory it zips for Lambda. The same targets run here, in the tests and by hand:
#
#   make build-ReviewFunction ARTIFACTS_DIR=/tmp/review
#   GOVERNANCE_PACKAGING=native-aot GOVERNANCE_ARCH=x86_64 make build-ReviewFunction ARTIFACTS_DIR=/tmp/review-aot
#
# Both functions are the same program (Governance.Functions picks the function from GOVERNANCE_FUNCTION), so both
# targets build the same artifact: the program plus the default policy file, governance.yaml, in the task root.

# dotnet10 (managed runtime, executable mode) | native-aot (provided.al2023, a NativeAOT 'bootstrap')
GOVERNANCE_PACKAGING ?= dotnet10
# arm64 | x86_64, as the template's Architecture parameter; only the native-aot build depends on it.
GOVERNANCE_ARCH ?= arm64
CONFIGURATION ?= Release
POLICY_FILE ?= governance.yaml
FUNCTIONS_PROJECT := functions/Governance.Functions/Governance.Functions.csproj
# Intermediate files of this build live apart from the developer's bin/ and obj/ (and apart per packaging), so a
# sam build never races or mixes with an IDE build. .aws-sam/ is ignored by git.
INTERMEDIATE_DIR ?= $(CURDIR)/.aws-sam/dotnet-$(GOVERNANCE_PACKAGING)-$(GOVERNANCE_ARCH)

DOTNET_FLAGS := --nologo -v quiet -c $(CONFIGURATION) --artifacts-path "$(INTERMEDIATE_DIR)" -o "$(ARTIFACTS_DIR)"

ifeq ($(GOVERNANCE_ARCH),arm64)
  RID := linux-arm64
else ifeq ($(GOVERNANCE_ARCH),x86_64)
  RID := linux-x64
else
  $(error GOVERNANCE_ARCH must be arm64 or x86_64, not '$(GOVERNANCE_ARCH)')
endif

ifeq ($(GOVERNANCE_PACKAGING),dotnet10)
  # Framework-dependent and portable (no apphost): the dotnet10 runtime runs `dotnet exec Governance.Functions.dll`.
  PUBLISH_FLAGS := -p:UseAppHost=false
else ifeq ($(GOVERNANCE_PACKAGING),native-aot)
  # One native executable named bootstrap, as provided.al2023 expects. The RID-specific restore brings the
  # ILCompiler packs, which the (RID-less) lock files do not list, so this build restores without them.
  PUBLISH_FLAGS := -r $(RID) --self-contained -p:PublishAot=true -p:AssemblyName=bootstrap \
                   -p:StripSymbols=true -p:RestorePackagesWithLockFile=false -p:RestoreLockedMode=false
else
  $(error GOVERNANCE_PACKAGING must be dotnet10 or native-aot, not '$(GOVERNANCE_PACKAGING)')
endif

.PHONY: build-ReviewFunction build-NotifyFunction function-artifact

build-ReviewFunction: function-artifact
build-NotifyFunction: function-artifact

function-artifact:
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set: sam build sets it; by hand, pass ARTIFACTS_DIR=<dir>" >&2; exit 2; }
	@test -f "$(POLICY_FILE)" || { echo "POLICY_FILE '$(POLICY_FILE)' not found: the default policy governance.yaml belongs in the repository root (or pass POLICY_FILE=<file>)" >&2; exit 2; }
	mkdir -p "$(ARTIFACTS_DIR)"
	dotnet publish $(FUNCTIONS_PROJECT) $(DOTNET_FLAGS) $(PUBLISH_FLAGS)
	cp "$(POLICY_FILE)" "$(ARTIFACTS_DIR)/governance.yaml"
