from reconcile.cli import main

main(prog_name="reconcile")
