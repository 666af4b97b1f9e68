// The .nn language: one declarative file describes a model and how to train it.
//
// The grammar is structural: it fixes the shape of a file (model, members, layer statements,
// calls, values) and accepts any identifier where a name of a layer kind, activation, loss or
// option stands. The built-in vocabulary is still listed here, as lexer tokens whose rule names
// carry their category (LAYER_, ACT_, INIT_, LOSS_, OPTIM_, REG_, SCHED_, DATA_, PARAM_); the
// `word` rule accepts every one of them wherever a name may stand. The checker then says
// "unknown activation `rleu`; did you mean `relu`?" instead of a bare syntax error, and the
// editor highlighting is generated from these token names, so the two can never drift apart.
grammar NN;

program
    : modelDecl EOF
    ;

modelDecl
    : KW_MODEL word '{' member* '}'
    ;

member
    : KW_INPUT word ':' value                       # inputMember
    | KW_OUTPUT word ':' value                      # outputMember
    | KW_LAYERS '{' layerStmt* '}'                  # layersMember
    | KW_LOSS ':' value                             # lossMember
    | KW_OPTIMIZER ':' value                        # optimizerMember
    | KW_REGULARIZE ':' value (',' value)*          # regularizeMember
    | KW_TRAIN '{' setting* '}'                     # trainMember
    | KW_DATA '{' setting* '}'                      # dataMember
    ;

// `dense(64, activation: relu)`             a layer fed by the one before it
// `hidden = dense(64)`                      the same, named so later layers can refer to it
// `skip = dense(64)(image)`                 fed by named layers or inputs, Keras style
// `sum = add(hidden, skip)`                 merge layers take their inputs as arguments
layerStmt
    : (word '=')? call ('(' word (',' word)* ')')?
    ;

// Inside `train { }` and `data { }`: `epochs: 10` or `early_stopping(patience: 3)`.
setting
    : word ':' value                                # keyValueSetting
    | call                                          # callSetting
    ;

call
    : word ('(' (argument (',' argument)*)? ')')?
    ;

argument
    : (word ':')? value
    ;

value
    : number                                        # numberValue
    | STRING                                        # stringValue
    | (KW_TRUE | KW_FALSE)                          # boolValue
    | '[' (value (',' value)*)? ']'                 # listValue
    | call                                          # callValue
    ;

number
    : '-'? (INT | FLOAT)
    ;

// Every name position accepts a plain identifier or any built-in word.
word
    : ID
    | KW_MODEL | KW_INPUT | KW_OUTPUT | KW_LAYERS | KW_LOSS | KW_OPTIMIZER | KW_REGULARIZE
    | KW_TRAIN | KW_DATA
    | LAYER_DENSE | LAYER_FLATTEN | LAYER_DROPOUT | LAYER_ACTIVATION | LAYER_ADD | LAYER_CONCAT
    | ACT_LINEAR | ACT_SIGMOID | ACT_TANH | ACT_RELU | ACT_LEAKY_RELU | ACT_PRELU | ACT_ELU
    | ACT_SOFTMAX
    | INIT_HE_NORMAL | INIT_HE_UNIFORM | INIT_XAVIER_NORMAL | INIT_XAVIER_UNIFORM | INIT_UNIFORM
    | INIT_NORMAL | INIT_ZEROS | INIT_CONSTANT
    | LOSS_MSE | LOSS_MAE | LOSS_BINARY_CROSS_ENTROPY | LOSS_CATEGORICAL_CROSS_ENTROPY
    | LOSS_DICE
    | OPTIM_SGD | OPTIM_ADAM | OPTIM_RMSPROP | OPTIM_ADAGRAD | OPTIM_ADADELTA | OPTIM_ADAMAX
    | OPTIM_NADAM | OPTIM_RPROP
    | REG_L1 | REG_L2
    | SCHED_STEP | SCHED_EXPONENTIAL | SCHED_COSINE
    | DATA_IDX | DATA_CSV | DATA_MINMAX | DATA_STANDARD | DATA_CLASSES | DATA_BINARY
    | DATA_FULL | DATA_NONE
    | PARAM_INIT | PARAM_BIAS_INIT | PARAM_ALPHA
    | PARAM_LR | PARAM_MOMENTUM | PARAM_NESTEROV | PARAM_BETA1 | PARAM_BETA2 | PARAM_EPSILON
    | PARAM_RHO | PARAM_EPOCHS | PARAM_BATCH | PARAM_SHUFFLE | PARAM_SEED | PARAM_VALIDATION
    | PARAM_EARLY_STOPPING | PARAM_MONITOR | PARAM_PATIENCE | PARAM_MIN_DELTA
    | PARAM_RESTORE_BEST | PARAM_SCHEDULE | PARAM_THREADS | PARAM_TEST
    | PARAM_NORMALIZE | PARAM_IMAGES | PARAM_LABELS | PARAM_LABEL | PARAM_HEADER
    | PARAM_FALLBACK | PARAM_EVERY | PARAM_GAMMA | PARAM_MIN_LR | PARAM_ETA_PLUS
    | PARAM_ETA_MINUS | PARAM_STEP_MIN | PARAM_STEP_MAX | PARAM_SPARSE | PARAM_SMOOTH
    | PARAM_VAL_LOSS | PARAM_VAL_ACCURACY | PARAM_ACCURACY | PARAM_VAL_MAE
    ;

// ---- structural keywords -------------------------------------------------------------------
KW_MODEL      : 'model' ;
KW_INPUT      : 'input' ;
KW_OUTPUT     : 'output' ;
KW_LAYERS     : 'layers' ;
KW_LOSS       : 'loss' ;
KW_OPTIMIZER  : 'optimizer' ;
KW_REGULARIZE : 'regularize' ;
KW_TRAIN      : 'train' ;
KW_DATA       : 'data' ;
KW_TRUE       : 'true' ;
KW_FALSE      : 'false' ;

// ---- layer kinds ---------------------------------------------------------------------------
LAYER_DENSE      : 'dense' ;
LAYER_FLATTEN    : 'flatten' ;
LAYER_DROPOUT    : 'dropout' ;
LAYER_ACTIVATION : 'activation' ;
LAYER_ADD        : 'add' ;
LAYER_CONCAT     : 'concat' ;

// ---- activations ---------------------------------------------------------------------------
ACT_LINEAR     : 'linear' ;
ACT_SIGMOID    : 'sigmoid' ;
ACT_TANH       : 'tanh' ;
ACT_RELU       : 'relu' ;
ACT_LEAKY_RELU : 'leaky_relu' ;
ACT_PRELU      : 'prelu' ;
ACT_ELU        : 'elu' ;
ACT_SOFTMAX    : 'softmax' ;

// ---- initializers --------------------------------------------------------------------------
INIT_HE_NORMAL      : 'he_normal' ;
INIT_HE_UNIFORM     : 'he_uniform' ;
INIT_XAVIER_NORMAL  : 'xavier_normal' ;
INIT_XAVIER_UNIFORM : 'xavier_uniform' ;
INIT_UNIFORM        : 'uniform' ;
INIT_NORMAL         : 'normal' ;
INIT_ZEROS          : 'zeros' ;
INIT_CONSTANT       : 'constant' ;

// ---- losses --------------------------------------------------------------------------------
LOSS_MSE                       : 'mse' ;
LOSS_MAE                       : 'mae' ;
LOSS_BINARY_CROSS_ENTROPY      : 'binary_cross_entropy' ;
LOSS_CATEGORICAL_CROSS_ENTROPY : 'categorical_cross_entropy' ;
LOSS_DICE                      : 'dice' ;

// ---- optimizers ----------------------------------------------------------------------------
OPTIM_SGD      : 'sgd' ;
OPTIM_ADAM     : 'adam' ;
OPTIM_RMSPROP  : 'rmsprop' ;
OPTIM_ADAGRAD  : 'adagrad' ;
OPTIM_ADADELTA : 'adadelta' ;
OPTIM_ADAMAX   : 'adamax' ;
OPTIM_NADAM    : 'nadam' ;
OPTIM_RPROP    : 'rprop' ;

// ---- regularizers and learning-rate schedules ----------------------------------------------
REG_L1 : 'l1' ;
REG_L2 : 'l2' ;
SCHED_STEP        : 'step' ;
SCHED_EXPONENTIAL : 'exponential' ;
SCHED_COSINE      : 'cosine' ;

// ---- data sources, normalizations and target kinds -----------------------------------------
DATA_IDX      : 'idx' ;
DATA_CSV      : 'csv' ;
DATA_MINMAX   : 'minmax' ;
DATA_STANDARD : 'standard' ;
DATA_CLASSES  : 'classes' ;
DATA_BINARY   : 'binary' ;
DATA_FULL     : 'full' ;
DATA_NONE     : 'none' ;

// ---- option names --------------------------------------------------------------------------
PARAM_INIT           : 'init' ;
PARAM_BIAS_INIT      : 'bias_init' ;
PARAM_ALPHA          : 'alpha' ;
PARAM_LR             : 'lr' ;
PARAM_MOMENTUM       : 'momentum' ;
PARAM_NESTEROV       : 'nesterov' ;
PARAM_BETA1          : 'beta1' ;
PARAM_BETA2          : 'beta2' ;
PARAM_EPSILON        : 'epsilon' ;
PARAM_RHO            : 'rho' ;
PARAM_EPOCHS         : 'epochs' ;
PARAM_BATCH          : 'batch' ;
PARAM_SHUFFLE        : 'shuffle' ;
PARAM_SEED           : 'seed' ;
PARAM_VALIDATION     : 'validation' ;
PARAM_EARLY_STOPPING : 'early_stopping' ;
PARAM_MONITOR        : 'monitor' ;
PARAM_PATIENCE       : 'patience' ;
PARAM_MIN_DELTA      : 'min_delta' ;
PARAM_RESTORE_BEST   : 'restore_best' ;
PARAM_SCHEDULE       : 'schedule' ;
PARAM_THREADS        : 'threads' ;
PARAM_TEST           : 'test' ;
PARAM_NORMALIZE      : 'normalize' ;
PARAM_IMAGES         : 'images' ;
PARAM_LABELS         : 'labels' ;
PARAM_LABEL          : 'label' ;
PARAM_HEADER         : 'header' ;
PARAM_FALLBACK       : 'fallback' ;
PARAM_EVERY          : 'every' ;
PARAM_GAMMA          : 'gamma' ;
PARAM_MIN_LR         : 'min_lr' ;
PARAM_ETA_PLUS       : 'eta_plus' ;
PARAM_ETA_MINUS      : 'eta_minus' ;
PARAM_STEP_MIN       : 'step_min' ;
PARAM_STEP_MAX       : 'step_max' ;
PARAM_SPARSE         : 'sparse' ;
PARAM_SMOOTH         : 'smooth' ;
PARAM_VAL_LOSS       : 'val_loss' ;
PARAM_VAL_ACCURACY   : 'val_accuracy' ;
PARAM_ACCURACY       : 'accuracy' ;
PARAM_VAL_MAE        : 'val_mae' ;

// ---- literals ------------------------------------------------------------------------------
FLOAT
    : DIGITS '.' DIGITS? EXPONENT?
    | '.' DIGITS EXPONENT?
    | DIGITS EXPONENT
    ;
INT     : DIGITS ;
STRING  : '"' (~["\\\r\n] | '\\' ["\\/nt])* '"' ;
// A string with an escape the language does not have, or not closed on its line: one token,
// so the parser can say which (a valid string matches STRING above, which comes first).
BAD_STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"'? ;
ID      : [a-zA-Z_] [a-zA-Z_0-9]* ;

fragment DIGITS   : [0-9] ('_'? [0-9])* ;
fragment EXPONENT : [eE] [+-]? [0-9]+ ;

LINE_COMMENT  : '//' ~[\r\n]* -> channel(HIDDEN) ;
BLOCK_COMMENT : '/*' .*? '*/' -> channel(HIDDEN) ;
// A `/*` never closed: everything up to the end of the file, with no `*/` in it.
UNTERMINATED_COMMENT : '/*' (~'*' | '*'+ ~[*/])* '*'* EOF ;
WS            : [ \t\r\n]+ -> channel(HIDDEN) ;

// Anything else is one bad character; the parser reports it with its position.
ERROR_CHAR : . ;
