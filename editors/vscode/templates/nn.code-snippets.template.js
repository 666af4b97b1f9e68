'use strict';
// Snippets for .nn files. scripts/generate-grammar.js turns `v.choices(key, first)` into the
// .g4's words of that key, `first` leading, and writes snippets/nn.code-snippets. Words written
// out here (`minmax`, `val_loss`) are checked by test/snippets.test.js: every word of an
// expanded snippet must be highlighted, which only .g4 words and names are.
// Bodies use tabs; VS Code converts them to the editor's indentation.

module.exports = function nnSnippets(v) {
  const activation = v.choices('ACT', 'relu');
  return {
    Model: {
      prefix: 'model',
      description: 'A whole model: inputs, layers, loss, optimizer, training and data.',
      body: [
        'model ${1:Name} {',
        '\tinput ${2:image}: [${3:28, 28}]',
        '\toutput ${4:label}: classes(${5:10})',
        '',
        '\tlayers {',
        '\t\tflatten',
        '\t\tdense(${6:128}, activation: ${7|' + activation + '|})',
        '\t\tdense(${5:10}, activation: softmax)',
        '\t}',
        '',
        '\tloss: ${8|' + v.choices('LOSS', 'categorical_cross_entropy') + '|}',
        '\toptimizer: ${9|' + v.choices('OPTIM', 'adam') + '|}(lr: ${10:1e-3})',
        '',
        '\ttrain {',
        '\t\tepochs: ${11:10}',
        '\t\tbatch: ${12:64}',
        '\t\tshuffle: true',
        '\t\tseed: ${13:42}',
        '\t}',
        '',
        '\tdata {',
        '\t\ttrain: idx(images: "${14:train-images-idx3-ubyte.gz}", ' +
          'labels: "${15:train-labels-idx1-ubyte.gz}")',
        '\t\tnormalize: ${16|minmax,standard|}',
        '\t}',
        '}',
        '$0',
      ],
    },
    Input: {
      prefix: 'input',
      description: 'A named input with its shape.',
      body: ['input ${1:image}: [${2:28, 28}]'],
    },
    Output: {
      prefix: 'output',
      description: 'A named output: classes(n), binary or a shape.',
      body: ['output ${1:label}: classes(${2:10})'],
    },
    'Layers block': {
      prefix: 'layers',
      description: 'The layer stack.',
      body: ['layers {', '\t$0', '}'],
    },
    'Dense layer': {
      prefix: 'dense',
      description: 'A fully connected layer.',
      body: ['dense(${1:64}, activation: ${2|' + activation + '|})$0'],
    },
    'Named dense layer': {
      prefix: 'named',
      description: 'A dense layer with a name that later layers can refer to.',
      body: ['${1:hidden} = dense(${2:64}, activation: ${3|' + activation + '|})$0'],
    },
    'Dense layer with inputs': {
      prefix: 'from',
      description: 'A named layer fed by named layers or inputs instead of the layer before it.',
      body: ['${1:skip} = dense(${2:64})(${3:hidden})$0'],
    },
    'Dropout layer': {
      prefix: 'dropout',
      description: 'Dropout with the given rate.',
      body: ['dropout(${1:0.2})$0'],
    },
    'Flatten layer': {
      prefix: 'flatten',
      description: 'Flattens the input to one dimension.',
      body: ['flatten$0'],
    },
    'Activation layer': {
      prefix: 'activation',
      description: 'An activation on its own.',
      body: ['activation(${1|' + activation + '|})$0'],
    },
    'Add layers': {
      prefix: 'add',
      description: 'Element-wise sum of named layers.',
      body: ['${1:merged} = add(${2:a}, ${3:b})$0'],
    },
    'Concatenate layers': {
      prefix: 'concat',
      description: 'Concatenation of named layers.',
      body: ['${1:joined} = concat(${2:a}, ${3:b})$0'],
    },
    Optimizer: {
      prefix: 'optimizer',
      description: 'The optimizer and its learning rate.',
      body: ['optimizer: ${1|' + v.choices('OPTIM', 'adam') + '|}(lr: ${2:1e-3})$0'],
    },
    'Train block': {
      prefix: 'train',
      description: 'Training settings.',
      body: [
        'train {',
        '\tepochs: ${1:10}',
        '\tbatch: ${2:64}',
        '\tshuffle: ${3|true,false|}',
        '\tseed: ${4:42}',
        '\tvalidation: ${5:0.1}',
        '\t$0',
        '}',
      ],
    },
    'Early stopping': {
      prefix: 'early_stopping',
      description: 'Stop training when the monitored metric stops improving.',
      body: [
        'early_stopping(monitor: ${1|val_loss,val_accuracy,val_mae,accuracy,mae|}, ' +
          'patience: ${2:3}, ' +
          'restore_best: ${3|true,false|})$0',
      ],
    },
    'Data block': {
      prefix: 'data',
      description: 'Where the training data comes from and how it is normalized.',
      body: [
        'data {',
        '\ttrain: idx(images: "${1:train-images-idx3-ubyte.gz}", ' +
          'labels: "${2:train-labels-idx1-ubyte.gz}")',
        '\tnormalize: ${3|minmax,standard|}',
        '\t$0',
        '}',
      ],
    },
  };
};
